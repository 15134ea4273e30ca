import { MediaError } from "../core/errors";
import { inspectMedia } from "../media/inspectMedia";
import { NodeRandomAccessFile } from "../media/nodeRandomAccessFile";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin inspect <file.mp4|file.mov>

Prints, as JSON, what is embedded in a clip: XMP properties (Shotbin's under "shotbin"), colr
tags and the bitstream's own colour, header dates, and the top-level box layout. Never writes.
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
      const handle = await NodeRandomAccessFile.open(file, "read").catch((error: Error) => {
        throw new MediaError("io", `Cannot open ${file}: ${error.message}`, file);
      });
      try {
        process.stdout.write(`${JSON.stringify(await inspectMedia(handle), null, 2)}\n`);
      } finally {
        await handle.close();
      }
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      process.stderr.write(`shotbin inspect: ${error.message}\n`);
      return EXIT.badInput;
    }
  },
};
