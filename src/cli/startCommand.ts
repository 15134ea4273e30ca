import { parseArgs } from "node:util";
import * as path from "node:path";
import type { Subcommand } from "./subcommand";

const HELP = `Usage: shotbin start [--port 8780] [--host 127.0.0.1] [--dir .shotbin/harness] [--fresh] [--temp]

Starts the local harness: the real panel bundle in your browser against a fake Premiere, the fake
provider servers and a relay with its SQLite database. Builds dist/ first when it is out of date.
  --dir    where the ledger, clips and relay database live (kept between runs)
  --fresh  empty --dir first
  --temp   use a temporary folder, removed on exit`;

export const startCommand: Subcommand = {
  summary: "Run the panel in a browser against a fake Premiere, fake providers and a local relay",
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: "string", default: "8780" },
          host: { type: "string", default: "127.0.0.1" },
          dir: { type: "string" },
          fresh: { type: "boolean", default: false },
          temp: { type: "boolean", default: false },
          help: { type: "boolean", short: "h" },
        },
      }));
    } catch (error) {
      process.stderr.write(`shotbin start: ${(error as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`shotbin start: --port must be a whole number from 0 to 65535, not '${values.port}'.\n`);
      return 2;
    }
    const { startHarness } = require("../harness/harnessServer") as typeof import("../harness/harnessServer");
    const dir = values.temp ? undefined : path.resolve(values.dir ?? path.join(__dirname, "..", "..", ".shotbin", "harness"));
    let harness;
    try {
      harness = await startHarness({
        port,
        host: values.host,
        ...(dir ? { dir } : {}),
        fresh: values.fresh,
        log: (line) => process.stdout.write(`${line}\n`),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const hint = code === "EADDRINUSE" ? ` Port ${port} is taken: pass --port 0 for any free port, or stop the other process.` : "";
      process.stderr.write(`shotbin start: ${(error as Error).message}${hint}\n`);
      return 1;
    }
    process.stdout.write(
      [
        "",
        `Shotbin harness: ${harness.url}`,
        "",
        `  panel bundle   dist/index.js and dist/panel.js (what UXP loads), against a fake Premiere`,
        `  fake providers ${harness.fake.origin} (through ${harness.url}/fake)`,
        `  relay          ${harness.relay.url} (through ${harness.url}/relay), database ${path.join(harness.folders.root, "relay.sqlite")}`,
        `  clips          ${harness.folders.media}`,
        "",
        "The simulator works with no keys. The page's “Use fake providers + relay” button stores the fakes' keys",
        "and connects the relay, so webhooks flow. Ctrl-C stops everything.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await harness.close();
    return 0;
  },
};
