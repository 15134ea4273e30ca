import { promises as fsp } from "node:fs";
import { MediaError } from "../core/errors";
import type { ColourDescription } from "../media/colourTags";
import { parseGenerationMetadata } from "../media/generationMetadataCheck";
import { embedMediaFile } from "../media/mediaFile";
import { nodeFileSystem } from "../media/nodeFileSystem";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import type { Subcommand } from "./subcommand";

const USAGE = `Usage: shotbin embed <file.mp4|.mov|.png|.jpg|.webp> --meta <meta.json> [--colour P/T/M[/limited|full]]

Embeds generation metadata (XMP), a colr colour tag and the creation date into the clip, in place:
the media data is never moved or copied. A still (PNG, JPEG, WebP) gets the same XMP, in place when
its XMP has room, else by rewriting it through a temporary file. meta.json uses the field names of Shotbin's XMP namespace
(see the README). --colour gives the colour the provider is known to produce, as H.273 code points
(e.g. 1/1/1/limited for Rec.709); the bitstream's own VUI still wins. Prints a JSON summary.
`;

function parseColour(text: string): ColourDescription {
  const match = /^(\d+)\/(\d+)\/(\d+)(?:\/(limited|full))?$/.exec(text);
  if (!match) throw new MediaError("invalid-metadata", `--colour '${text}' is not P/T/M[/limited|full], e.g. 1/1/1/limited.`);
  return {
    primaries: Number(match[1]),
    transfer: Number(match[2]),
    matrix: Number(match[3]),
    ...(match[4] ? { fullRange: match[4] === "full" } : {}),
  };
}

async function readMeta(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (error) {
    throw new MediaError("invalid-metadata", `Cannot read ${file}: ${(error as Error).message}`, file);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MediaError("invalid-metadata", `${file} is not valid JSON: ${(error as Error).message}`, file);
  }
}

export const embedCommand: Subcommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseCommandLine(args, { meta: { type: "string" }, colour: { type: "string" }, color: { type: "string" } });
      if (!parsed.values.help && parsed.positionals.length !== 1) throw new UsageError(`give exactly one clip (found ${parsed.positionals.length})`);
      if (!parsed.values.help && !parsed.values.meta) throw new UsageError("--meta <meta.json> is required");
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("embed", error);
      throw error;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    const file = positionals[0] as string;
    const metaFile = values.meta as string;
    try {
      const meta = parseGenerationMetadata(await readMeta(metaFile), metaFile);
      const colour = values.colour ?? values.color;
      const providerColour = colour ? parseColour(colour) : undefined;
      const started = performance.now();
      const summary = await embedMediaFile(nodeFileSystem, file, meta, providerColour ? { providerColour } : {}).catch((error: unknown) => {
        if (error instanceof MediaError || !(error instanceof Error)) throw error;
        throw new MediaError("io", `Cannot embed into ${file}: ${error.message}`, file);
      });
      const timeMs = Number((performance.now() - started).toFixed(2));
      process.stdout.write(`${JSON.stringify({ ...summary, timeMs }, null, 2)}\n`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      // A missing, unreadable or damaged clip, or bad meta.json: bad input, left untouched.
      process.stderr.write(`shotbin embed: ${error.message}\n`);
      return EXIT.badInput;
    }
  },
};
