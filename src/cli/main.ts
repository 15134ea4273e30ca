/**
 * The `shotbin` command: one subcommand per module, loaded only when used. Loaders use require()
 * because tsx runs these sources as CommonJS.
 */

import type { Subcommand } from "./subcommand";

export type { Subcommand } from "./subcommand";

type Loader = () => Promise<Subcommand>;

const SUBCOMMANDS: Record<string, Loader> = {
  providers: async () => (require("./providersCommand") as typeof import("./providersCommand")).providersCommand,
  "fake-providers": async () => (require("./fakeProvidersCommand") as typeof import("./fakeProvidersCommand")).fakeProvidersCommand,
  embed: async () => (require("./embedCommand") as typeof import("./embedCommand")).embedCommand,
  inspect: async () => (require("./inspectCommand") as typeof import("./inspectCommand")).inspectCommand,
  relay: async () => (require("./relayCommand") as typeof import("./relayCommand")).relayCommand,
  start: async () => (require("./startCommand") as typeof import("./startCommand")).startCommand,
  "package-ccx": async () => (require("./packageCommand") as typeof import("./packageCommand")).packageCommand,
  run: async () => (require("./runCommand") as typeof import("./runCommand")).runCommand,
  qa: async () => (require("./qaCommand") as typeof import("./qaCommand")).qaCommand,
};

/** Later subcommands register here; the list stays sorted by name in `--help`. */
export function registerSubcommand(name: string, loader: Loader): void {
  SUBCOMMANDS[name] = loader;
}

async function usage(): Promise<string> {
  const lines = ["Usage: shotbin <command> [options]", "", "Commands:"];
  for (const name of Object.keys(SUBCOMMANDS).sort()) {
    const command = await SUBCOMMANDS[name]!();
    lines.push(`  ${name.padEnd(16)} ${command.summary}`);
  }
  lines.push("", "Run `shotbin <command> --help` for a command's options.");
  return lines.join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${await usage()}\n`);
    return name ? 0 : 2;
  }
  const loader = SUBCOMMANDS[name];
  if (!loader) {
    process.stderr.write(`shotbin: unknown command '${name}'.\n\n${await usage()}\n`);
    return 2;
  }
  return (await loader()).run(rest);
}
