/**
 * Jest's global setup: tests that spawn `bin/shotbin.js` run the compiled CLI in lib/, so lib/ is
 * rebuilt here when any source is newer than it (bin/shotbin.js checks again on every start).
 */
export default async function buildCliForTests(): Promise<void> {
  const { buildCli, isStale } = require("../../build/cliBuild.js") as { buildCli(): Promise<unknown>; isStale(): boolean };
  if (isStale()) await buildCli();
}
