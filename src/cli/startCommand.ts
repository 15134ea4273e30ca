import { existsSync } from "node:fs";
import * as path from "node:path";
import { parseCommandLine, readPort, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import { portTakenMessage } from "./portTaken";
import { untilStopSignal } from "./stopSignal";
import type { Subcommand } from "./subcommand";

/**
 * The harness builds the panel from src/ with webpack, a development dependency: it runs from a
 * clone after a full `npm ci`, not from a production install.
 */
function missingDevelopmentSetup(root: string): string | undefined {
  try {
    require.resolve("webpack");
  } catch {
    return "the harness builds the panel with webpack, a development dependency that is not installed here. Run it from a clone after `npm ci` (without --omit=dev).";
  }
  if (!existsSync(path.join(root, "src", "harness", "page"))) return `the harness builds its page from src/, which is not in ${root}. Run it from a clone of the repository.`;
  return undefined;
}

const HELP = `Usage: shotbin start [--port 8780] [--host 127.0.0.1] [--dir .shotbin/harness] [--fresh] [--temp]

Starts the local harness: the real panel bundle in your browser against a fake Premiere, the fake
provider servers and a relay with its SQLite database. Builds dist/ first when it is out of date.
  --dir    where the ledger, clips and relay database live (kept between runs)
  --fresh  empty --dir first
  --temp   use a temporary folder, removed on exit`;

export const startCommand: Subcommand = {
  async run(args) {
    let values;
    let port: number;
    try {
      const parsed = parseCommandLine(args, {
        port: { type: "string", default: "8780" },
        host: { type: "string", default: "127.0.0.1" },
        dir: { type: "string" },
        fresh: { type: "boolean" },
        temp: { type: "boolean" },
      });
      values = parsed.values;
      if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return EXIT.ok;
      }
      if (parsed.positionals.length > 0) throw new UsageError(`takes no arguments (found '${parsed.positionals[0]}')`);
      port = readPort("port", values.port);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("start", error);
      throw error;
    }
    const root = path.join(__dirname, "..", "..");
    const missing = missingDevelopmentSetup(root);
    if (missing) {
      process.stderr.write(`shotbin start: ${missing}\n`);
      return EXIT.usage;
    }
    const { startHarness } = require("../harness/harnessServer") as typeof import("../harness/harnessServer");
    const dir = values.temp ? undefined : path.resolve(values.dir ?? path.join(root, ".shotbin", "harness"));
    let harness;
    try {
      harness = await startHarness({
        port,
        host: values.host,
        ...(dir ? { dir } : {}),
        fresh: values.fresh === true,
        log: (line) => process.stdout.write(`${line}\n`),
      });
    } catch (error) {
      const taken = portTakenMessage(error, { host: values.host, port, flag: "--port" });
      if (!taken) throw error;
      process.stderr.write(`shotbin start: ${taken}\n`);
      return EXIT.usage;
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
    await untilStopSignal();
    await harness.close();
    return EXIT.ok;
  },
};
