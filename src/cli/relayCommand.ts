import { parseArgs } from "node:util";
import type { Subcommand } from "./subcommand";
import { loadRelayConfig, RelayConfigError } from "../relay/config";

const HELP = `Usage: shotbin relay [--port 8787] [--host 0.0.0.0] [--db relay.sqlite] [--config relay.json] [--public-url https://relay.example.com]

Receives provider webhooks, verifies and stores them, and streams them to each editor's panel.
Settings come from the config file, then SHOTBIN_RELAY_* environment variables, then these flags.
See the README's Relay section.`;

export const relayCommand: Subcommand = {
  summary: "Run the webhook relay: verified webhooks in, durable events out to panels",
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: "string" },
          host: { type: "string" },
          db: { type: "string" },
          config: { type: "string" },
          "public-url": { type: "string" },
          help: { type: "boolean", short: "h" },
        },
      }));
    } catch (error) {
      process.stderr.write(`shotbin relay: ${(error as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
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
        return 2;
      }
      throw error;
    }
    const { startRelay } = require("../relay/startRelay") as typeof import("../relay/startRelay");
    const relay = await startRelay({ config });
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await relay.close();
    return 0;
  },
};
