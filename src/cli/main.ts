/**
 * The `shotbin` command. The table below holds each command's name, its line in `--help` and how
 * to load it, so `shotbin --help` loads no command and a command loads only itself. The build
 * (build/cliBuild.js) compiles every module a `load` requires into its own file in lib/cli/.
 */
import { version } from "../../package.json";
import { closestName } from "./didYouMean";
import { EXIT, EXIT_CODE_TABLE } from "./exitCodes";
import type { Subcommand } from "./subcommand";

export type { Subcommand } from "./subcommand";

export interface CommandEntry {
  name: string;
  /** One line for `shotbin --help`. */
  summary: string;
  /** Loads the command's module; called only when the command runs. */
  load(): Subcommand;
}

/** One line per command; `--help` lists them sorted by name. */
const COMMANDS: CommandEntry[] = [
  { name: "providers", summary: "List providers, their models, capabilities and prices", load: () => (require("./providersCommand") as typeof import("./providersCommand")).providersCommand },
  { name: "fake-providers", summary: "Serve fake OpenAI, Gemini, Kling, DashScope, fal and Replicate APIs on one local port", load: () => (require("./fakeProvidersCommand") as typeof import("./fakeProvidersCommand")).fakeProvidersCommand },
  { name: "embed", summary: "Embed generation metadata (XMP), colour tag and dates into an MP4/MOV, or XMP into a PNG/JPEG/WebP still, in place", load: () => (require("./embedCommand") as typeof import("./embedCommand")).embedCommand },
  { name: "inspect", summary: "Print the metadata, colour tags, dates and layout of an MP4/MOV or a PNG/JPEG/WebP still as JSON", load: () => (require("./inspectCommand") as typeof import("./inspectCommand")).inspectCommand },
  { name: "image", summary: "Make concept stills headless (GPT Image 1.5, Nano Banana Pro, Flux 2 Pro, Seedream 4.5, P Image Edit), cost shown first, resumable, with XMP", load: () => (require("./imageCommand") as typeof import("./imageCommand")).imageCommand },
  { name: "relay", summary: "Run the webhook relay: verified webhooks in, durable events out to panels", load: () => (require("./relayCommand") as typeof import("./relayCommand")).relayCommand },
  { name: "start", summary: "Run the panel in a browser against a fake Premiere, fake providers and a local relay", load: () => (require("./startCommand") as typeof import("./startCommand")).startCommand },
  { name: "package-ccx", summary: "Zip the built panel (dist/) into an installable .ccx", load: () => (require("./packageCommand") as typeof import("./packageCommand")).packageCommand },
  { name: "qa", summary: "Measure takes for flicker, colour drift, frozen frames and six more defect kinds; a verdict and a 0-100 score per take", load: () => (require("./qaCommand") as typeof import("./qaCommand")).qaCommand },
  { name: "compare", summary: "The same shot on 2-6 models, cost shown first, every take measured; writes report.html (offline) and report.json", load: () => (require("./compareCommand") as typeof import("./compareCommand")).compareCommand },
  { name: "extend", summary: "Extend a clip headless: its last frame (ffmpeg) starts an image-to-video shot, embedded with where it came from", load: () => (require("./extendCommand") as typeof import("./extendCommand")).extendCommand },
  { name: "run", summary: "Generate a shot list (CSV, JSON, Fountain) headless, with cost caps and resume; writes OTIO, FCPXML, EDL and Resolve CSV", load: () => (require("./runCommand") as typeof import("./runCommand")).runCommand },
];

/** The commands as `--help` lists them. */
export function commandTable(): readonly CommandEntry[] {
  return [...COMMANDS].sort((a, b) => a.name.localeCompare(b.name));
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    `shotbin ${version}: generate AI video shots from shot lists, embed their metadata, relay provider webhooks.`,
    "",
    "Usage: shotbin <command> [options]",
    "",
    "Commands:",
    ...commandTable().map((command) => `  ${command.name.padEnd(width)} ${command.summary}`),
    "",
    "Options:",
    `  ${"-h, --help".padEnd(width)} this list; \`shotbin <command> --help\` (or \`shotbin help <command>\`) for a command's options`,
    `  ${"-v, --version".padEnd(width)} print the version`,
    "",
    "Exit codes (every command):",
    ...EXIT_CODE_TABLE.map((row) => `  ${String(row.code).padEnd(4)} ${row.meaning}`),
  ].join("\n");
}

function unknown(kind: "command" | "option", typed: string, names: string[]): number {
  const guess = closestName(typed.replace(/^-+/, ""), names);
  const shown = kind === "option" && guess ? (guess.length === 1 ? `-${guess}` : `--${guess}`) : guess;
  process.stderr.write(`shotbin: unknown ${kind} '${typed}'${shown ? `; did you mean '${shown}'?` : ""}\nRun 'shotbin --help' for the list.\n`);
  return EXIT.usage;
}

/** Runs one command line; resolves to the exit code (exitCodes.ts). */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`${usage()}\n`);
    return EXIT.usage;
  }
  if (first === "--help" || first === "-h") {
    process.stdout.write(`${usage()}\n`);
    return EXIT.ok;
  }
  if (first === "--version" || first === "-v") {
    process.stdout.write(`shotbin ${version}\n`);
    return EXIT.ok;
  }
  if (first === "help") {
    if (rest.length === 0) {
      process.stdout.write(`${usage()}\n`);
      return EXIT.ok;
    }
    return main([rest[0]!, "--help"]);
  }
  if (first.startsWith("-")) return unknown("option", first, ["help", "version"]);
  const entry = COMMANDS.find((command) => command.name === first);
  if (!entry) return unknown("command", first, COMMANDS.map((command) => command.name));
  try {
    return await entry.load().run(rest);
  } catch (error) {
    process.stderr.write(
      `shotbin ${first}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` +
        "This is a bug in shotbin; please report it with the lines above and the command you ran.\n",
    );
    return EXIT.internal;
  }
}
