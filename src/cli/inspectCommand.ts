import { parseArgs } from "node:util";
import { MediaError } from "../core/errors";
import { inspectMediaFile } from "../media/mediaFile";
import { nodeFileSystem } from "../media/nodeFileSystem";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin inspect <file.mp4|.mov|.png|.jpg|.webp>

Prints, as JSON, what is embedded in a clip: XMP properties (Shotbin's under "shotbin"), colr
tags and the bitstream's own colour, header dates, and the top-level box layout. For a still: its
format, size, chunks or segments, and its XMP. Never writes.
`;

export const inspectCommand: Subcommand = {
  summary: "Print the metadata, colour tags, dates and layout of an MP4/MOV or a PNG/JPEG/WebP still as JSON",
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
    } catch (error) {
      process.stderr.write(`shotbin inspect: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (parsed.values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      process.stderr.write(USAGE);
      return 2;
    }
    const file = parsed.positionals[0] as string;
    try {
      const report = await inspectMediaFile(nodeFileSystem, file).catch((error: unknown) => {
        if (error instanceof MediaError || !(error instanceof Error)) throw error;
        throw new MediaError("io", `Cannot open ${file}: ${error.message}`, file);
      });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      process.stderr.write(`shotbin inspect: ${error.message}\n`);
      return 1;
    }
  },
};
