/**
 * `shotbin package-ccx`: zips the built plugin (dist/) into a .ccx, the plain ZIP that Creative
 * Cloud and UPIA install, with manifest.json at its root. No Adobe tool is needed; UXP Developer
 * Tool's own Package command makes the same kind of file.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { zipSync, type Zippable } from "fflate";
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
  summary: "Zip the built panel (dist/) into an installable .ccx",
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({ args, options: { dist: { type: "string", default: "dist" }, out: { type: "string", default: "shotbin.ccx" }, help: { type: "boolean", short: "h" } } }));
    } catch (error) {
      process.stderr.write(`shotbin package-ccx: ${(error as Error).message}\n\n${HELP}\n`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    try {
      const result = packageCcx(path.resolve(values.dist), path.resolve(values.out));
      process.stdout.write(`${result.file}: ${result.entries.length} files, ${(result.bytes / 1024).toFixed(0)} KB. Double-click it, or install with UPIA (see README).\n`);
      return 0;
    } catch (error) {
      if (error instanceof PackageError) {
        process.stderr.write(`shotbin package-ccx: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
