/**
 * npm run bench — runs every `bench:*` script in package.json, one after the other, so a new
 * benchmark only needs its own `bench:<name>` entry.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const pkg = require(path.resolve(__dirname, "../../package.json")) as { scripts?: Record<string, string> };
const names = Object.keys(pkg.scripts ?? {})
  .filter((name) => name.startsWith("bench:"))
  .sort();
let failed = 0;
for (const name of names) {
  process.stdout.write(`\n=== npm run ${name}\n`);
  const result = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "--silent", name], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.stdout.write(`\n${names.length - failed} of ${names.length} benchmarks ran.\n`);
process.exitCode = failed ? 1 : 0;
