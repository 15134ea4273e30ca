import { MediaError } from "../core/errors";
import { inspectMediaFile } from "../media/mediaFile";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin inspect <file.mp4|.mov|.png|.jpg|.webp>

Prints, as JSON, what is embedded in a clip: XMP properties (Shotbin's under "shotbin"), colr
tags and the bitstream's own colour, header dates, and the top-level box layout. For a still: its
format, size, chunks or segments, and its XMP. Never writes.
`;

export const inspectCommand: Subcommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseCommandLine(args, {});
      if (!parsed.values.help && parsed.positionals.length !== 1) throw new UsageError(`give exactly one clip (found ${parsed.positionals.length})`);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("inspect", error);
      throw error;
    }
    if (parsed.values.help) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    const file = parsed.positionals[0] as string;
    try {
      const report = await inspectMediaFile(nodeFileSystem, file).catch((error: unknown) => {
        if (error instanceof MediaError || !(error instanceof Error)) throw error;
        throw new MediaError("io", `Cannot open ${file}: ${error.message}`, file);
      });
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      process.stderr.write(`shotbin inspect: ${error.message}\n`);
      return EXIT.badInput;
    }
  },
};
