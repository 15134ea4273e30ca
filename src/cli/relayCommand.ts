import { loadRelayConfig, RelayConfigError } from "../relay/config";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import { portTakenMessage } from "./portTaken";
import { untilStopSignal } from "./stopSignal";
import type { Subcommand } from "./subcommand";

const HELP = `Usage: shotbin relay [--port 8787] [--host 127.0.0.1] [--db relay.sqlite] [--config relay.json] [--public-url https://relay.example.com]

Receives provider webhooks, verifies and stores them, and streams them to each editor's panel.
Settings come from the config file, then SHOTBIN_RELAY_* environment variables, then these flags.
It listens on 127.0.0.1 unless a host is configured (--host 0.0.0.0 to take connections from
other machines). Ctrl-C or SIGTERM stops it gracefully (exit 0). See docs/relay.md.`;

export const relayCommand: Subcommand = {
  async run(args) {
    let values;
    try {
      const parsed = parseCommandLine(args, {
        port: { type: "string" },
        host: { type: "string" },
        db: { type: "string" },
        config: { type: "string" },
        "public-url": { type: "string" },
      });
      if (parsed.positionals.length > 0) throw new UsageError(`takes no arguments (found '${parsed.positionals[0]}')`);
      values = parsed.values;
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("relay", error);
      throw error;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    let config;
    try {
      config = loadRelayConfig({
        ...(values.config !== undefined ? { file: values.config } : {}),
        env: process.env,
        flags: {
          ...(values.port !== undefined ? { port: values.port } : {}),
          ...(values.host !== undefined ? { host: values.host } : {}),
          ...(values.db !== undefined ? { database: values.db } : {}),
          ...(values["public-url"] !== undefined ? { publicBaseUrl: values["public-url"] } : {}),
        },
      });
    } catch (error) {
      if (error instanceof RelayConfigError) {
        process.stderr.write(`shotbin relay: ${error.message}\n`);
        // A config file that cannot be read is bad input; a bad setting is a usage error.
        return error.fileUnreadable ? EXIT.badInput : EXIT.usage;
      }
      throw error;
    }
    const { startRelay } = require("../relay/startRelay") as typeof import("../relay/startRelay");
    let relay;
    try {
      relay = await startRelay({ config });
    } catch (error) {
      const taken = portTakenMessage(error, { host: config.host, port: config.port, flag: "--port", envName: "SHOTBIN_RELAY_PORT" });
      if (!taken) throw error;
      process.stderr.write(`shotbin relay: ${taken}\n`);
      return EXIT.usage;
    }
    await untilStopSignal();
    await relay.close();
    return EXIT.ok;
  },
};
