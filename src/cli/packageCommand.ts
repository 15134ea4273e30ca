/**
 * `shotbin package-ccx`: zips the built plugin (dist/) into a .ccx, the plain ZIP that Creative
 * Cloud and UPIA install, with manifest.json at its root. No Adobe tool is needed; UXP Developer
 * Tool's own Package command makes the same kind of file.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { zipSync, type Zippable } from "fflate";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import { EXIT } from "./exitCodes";
import type { Subcommand } from "./subcommand";

export class PackageError extends Error {
  override readonly name = "PackageError";
}

export interface PackageResult {
  file: string;
  entries: string[];
  bytes: number;
}

function filesUnder(folder: string, prefix = ""): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return filesUnder(path.join(folder, entry.name), relative);
      return entry.isFile() ? [relative] : [];
    })
    .sort();
}

function checkManifest(dist: string): { id: string } {
  const file = path.join(dist, "manifest.json");
  let manifest: { id?: unknown; host?: unknown; main?: unknown };
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new PackageError(missing ? `${file} does not exist; run \`npm run build\` first.` : `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof manifest.id !== "string" || !manifest.id) throw new PackageError(`${file} has no "id".`);
  if (Array.isArray(manifest.host)) throw new PackageError(`${file} lists several hosts; a .ccx must target exactly one (Premiere: {"app": "premierepro"}).`);
  const main = typeof manifest.main === "string" ? manifest.main : "main.js";
  if (!statSync(path.join(dist, main), { throwIfNoEntry: false })?.isFile()) throw new PackageError(`${file} names "${main}" as its main file, which is not in ${dist}.`);
  return { id: manifest.id };
}

/** Zips every file under `dist` with paths relative to it, so manifest.json sits at the root. */
export function packageCcx(dist: string, out: string): PackageResult {
  checkManifest(dist);
  const entries = filesUnder(dist);
  const zippable: Zippable = {};
  for (const entry of entries) zippable[entry] = new Uint8Array(readFileSync(path.join(dist, ...entry.split("/"))));
  const zipped = zipSync(zippable, { level: 9 });
  writeFileSync(out, zipped);
  return { file: out, entries, bytes: zipped.length };
}

const HELP = `Usage: shotbin package-ccx [--dist dist] [--out shotbin.ccx]

Zips the built plugin into a .ccx (manifest.json at its root) for Creative Cloud or UPIA.
\`npm run package\` builds first, then runs this.`;

export const packageCommand: Subcommand = {
  async run(args) {
    let values;
    try {
      const parsed = parseCommandLine(args, { dist: { type: "string", default: "dist" }, out: { type: "string", default: "shotbin.ccx" } });
      if (parsed.positionals.length > 0) throw new UsageError(`takes no arguments (found '${parsed.positionals[0]}')`);
      values = parsed.values;
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("package-ccx", error);
      throw error;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT.ok;
    }
    try {
      const result = packageCcx(path.resolve(values.dist), path.resolve(values.out));
      process.stdout.write(`${result.file}: ${result.entries.length} files, ${(result.bytes / 1024).toFixed(0)} KB. Double-click it, or install with UPIA (see README).\n`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof PackageError) {
        // dist/ missing or its manifest unusable: bad input.
        process.stderr.write(`shotbin package-ccx: ${error.message}\n`);
        return EXIT.badInput;
      }
      throw error;
    }
  },
};
