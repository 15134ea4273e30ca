import { parseCommandLine, readOptionalNumber, readPort, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import { portTakenMessage } from "./portTaken";
import type { Subcommand } from "./subcommand";
import { untilStopSignal } from "./stopSignal";

const HELP = `Usage: shotbin fake-providers [--port 9100] [--host 127.0.0.1] [--queue-ms 1000] [--run-ms 3000]

Serves faithful fakes of OpenAI, Gemini, Kling, DashScope, fal and Replicate on one port. Each real
host maps to a path prefix (GET / lists them), so an adapter's base URL is the origin plus the prefix.
Scenarios are scripted over HTTP at /_control (stats, jobs, faults, config, reset).
Ctrl-C or SIGTERM stops it (exit 0).`;

export const fakeProvidersCommand: Subcommand = {
  async run(args) {
    let options;
    try {
      const { values, positionals } = parseCommandLine(args, {
        port: { type: "string", default: "9100" },
        host: { type: "string", default: "127.0.0.1" },
        "queue-ms": { type: "string" },
        "run-ms": { type: "string" },
      });
      if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return EXIT.ok;
      }
      if (positionals.length > 0) throw new UsageError(`takes no arguments (found '${positionals[0]}')`);
      const queueMs = readOptionalNumber("queue-ms", values["queue-ms"], { min: 0, unit: "milliseconds" });
      const runMs = readOptionalNumber("run-ms", values["run-ms"], { min: 0, unit: "milliseconds" });
      options = {
        port: readPort("port", values.port),
        host: values.host,
        config: { ...(queueMs !== undefined ? { queueMs } : {}), ...(runMs !== undefined ? { runMs } : {}) },
      };
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("fake-providers", error);
      throw error;
    }
    const { startFakeProviders } = require("../fakes/server") as typeof import("../fakes/server");
    let fake;
    try {
      fake = await startFakeProviders(options);
    } catch (error) {
      const taken = portTakenMessage(error, { host: options.host, port: options.port, flag: "--port" });
      if (!taken) throw error;
      process.stderr.write(`shotbin fake-providers: ${taken}\n`);
      return EXIT.usage;
    }
    const lines = [`Fake providers listening on ${fake.origin}`];
    for (const provider of fake.providers) {
      for (const prefix of provider.prefixes) lines.push(`  ${(provider.hosts[prefix] ?? provider.name).padEnd(36)} -> ${fake.origin}${prefix}`);
    }
    lines.push(`  scenario control                     -> ${fake.origin}/_control`, "Press Ctrl-C to stop.");
    process.stdout.write(`${lines.join("\n")}\n`);
    await untilStopSignal();
    await fake.close();
    return EXIT.ok;
  },
};
