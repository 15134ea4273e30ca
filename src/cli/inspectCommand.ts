import { parseArgs } from "node:util";
import { MediaError } from "../core/errors";
import { inspectMedia } from "../media/inspectMedia";
import { NodeRandomAccessFile } from "../media/nodeRandomAccessFile";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin inspect <file.mp4|file.mov>

Prints, as JSON, what is embedded in a clip: XMP properties (Shotbin's under "shotbin"), colr
tags and the bitstream's own colour, header dates, and the top-level box layout. Never writes.
`;

export const inspectCommand: Subcommand = {
  summary: "Print the metadata, colour tags, dates and box layout of an MP4/MOV as JSON",
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
      const handle = await NodeRandomAccessFile.open(file, "read").catch((error: Error) => {
        throw new MediaError("io", `Cannot open ${file}: ${error.message}`, file);
      });
      try {
        process.stdout.write(`${JSON.stringify(await inspectMedia(handle), null, 2)}\n`);
      } finally {
        await handle.close();
      }
      return 0;
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      process.stderr.write(`shotbin inspect: ${error.message}\n`);
      return 1;
    }
  },
};
