import { parseArgs } from "node:util";
import type { Subcommand } from "./subcommand";

const HELP = `Usage: shotbin fake-providers [--port 9100] [--host 127.0.0.1] [--queue-ms 1000] [--run-ms 3000]

Serves faithful fakes of OpenAI, Gemini, Kling, DashScope, fal and Replicate on one port. Each real
host maps to a path prefix (GET / lists them), so an adapter's base URL is the origin plus the prefix.
Scenarios are scripted over HTTP at /_control (stats, jobs, faults, config, reset).`;

export const fakeProvidersCommand: Subcommand = {
  summary: "Serve fake OpenAI, Gemini, Kling, DashScope, fal and Replicate APIs on one local port",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: "string", default: "9100" },
        host: { type: "string", default: "127.0.0.1" },
        "queue-ms": { type: "string" },
        "run-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      process.stderr.write(`shotbin fake-providers: --port must be a whole number from 0 to 65535, not '${values.port}'.\n`);
      return 2;
    }
    const timing: { queueMs?: number; runMs?: number } = {};
    for (const [flag, key] of [["queue-ms", "queueMs"], ["run-ms", "runMs"]] as const) {
      const raw = values[flag];
      if (raw === undefined) continue;
      const value = Number(raw);
      if (!Number.isFinite(value) || value < 0) {
        process.stderr.write(`shotbin fake-providers: --${flag} must be a number of milliseconds, not '${raw}'.\n`);
        return 2;
      }
      timing[key] = value;
    }
    const { startFakeProviders } = require("../fakes/server") as typeof import("../fakes/server");
    const fake = await startFakeProviders({ port, host: values.host, config: timing });
    const lines = [`Fake providers listening on ${fake.origin}`];
    for (const provider of fake.providers) {
      for (const prefix of provider.prefixes) lines.push(`  ${(provider.hosts[prefix] ?? provider.name).padEnd(36)} -> ${fake.origin}${prefix}`);
    }
    lines.push(`  scenario control                     -> ${fake.origin}/_control`, "Press Ctrl-C to stop.");
    process.stdout.write(`${lines.join("\n")}\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await fake.close();
    return 0;
  },
};
