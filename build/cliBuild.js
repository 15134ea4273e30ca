"use strict";
/**
 * Builds the `shotbin` command from src/ into lib/ with esbuild (`npm run build:cli`).
 *
 * One CommonJS file per command: lib/cli/main.js (the command table, `--help`, `--version`) and
 * lib/cli/<name>Command.js for every module that main.ts's table loads with `require("./<name>")`.
 * Each file bundles our own sources it needs; packages stay `require()`s resolved from
 * node_modules, so a production install (`npm ci --omit=dev`) needs exactly `dependencies`. An
 * import of another command module stays a `require()` of its own file, so `shotbin --help` loads
 * main.js alone and `shotbin embed` loads main.js and embedCommand.js.
 *
 * lib/build-info.json lists the sources each build read, so that `isStale()` (bin/shotbin.js in a
 * clone, and the tests' global setup) can tell when lib/ is older than src/.
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const SRC = path.join(ROOT, "src");
const MAIN = path.join(SRC, "cli", "main.ts");
const LIB = path.join(ROOT, "lib");
const INFO = path.join(LIB, "build-info.json");
/** Files besides the bundled sources that change what a build writes. */
const BUILD_INPUTS = ["build/cliBuild.js", "package.json", "tsconfig.json"];

/** The command modules main.ts's table loads: every `require("./<name>")` in it. */
function commandEntries() {
  const text = fs.readFileSync(MAIN, "utf8");
  const names = [...new Set([...text.matchAll(/require\("\.\/([A-Za-z0-9_]+)"\)/g)].map((match) => match[1]))];
  return names.map((name) => path.join(SRC, "cli", `${name}.ts`));
}

/** A command module imported from another bundle stays a require() of that command's own file. */
function separateCommands(entries) {
  const set = new Set(entries);
  return {
    name: "separate-commands",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = `${path.resolve(args.resolveDir, args.path)}.ts`;
        if (!set.has(target) || target === args.importer) return undefined;
        if (path.dirname(target) !== path.join(SRC, "cli")) throw new Error(`${target}: command modules live in src/cli`);
        return { path: `./${path.basename(target, ".ts")}.js`, external: true };
      });
    },
  };
}

/**
 * Every bundle lands in lib/cli/, two levels below the package root like src/<folder>/, so a
 * source's `path.join(__dirname, "..", "..")` still finds the root (assets/, dist/). A source
 * deeper or shallower would find the wrong folder once bundled: refuse to build it.
 */
function dirnameAtDepthTwo() {
  return {
    name: "dirname-at-depth-two",
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        const contents = fs.readFileSync(args.path, "utf8");
        const relative = path.relative(SRC, args.path).split(path.sep);
        if (/\b__(dirname|filename)\b/.test(contents.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, "")) && relative.length !== 2) {
          return { errors: [{ text: `${path.relative(ROOT, args.path)} uses __dirname but is not at src/<folder>/<file>; once bundled into lib/cli/ it would resolve another folder` }] };
        }
        return { contents, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
      });
    },
  };
}

function writeAtomic(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

/** Builds lib/; resolves to what was written. Concurrent builds are safe: every file is replaced whole. */
async function buildCli() {
  const esbuild = require("esbuild");
  const builtAtMs = Date.now();
  const entries = [MAIN, ...commandEntries()];
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outbase: SRC,
    outdir: LIB,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20.19",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    write: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
    plugins: [separateCommands(entries), dirnameAtDepthTwo()],
  });
  for (const file of result.outputFiles) writeAtomic(file.path, file.contents);
  const outputs = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    outputs[output] = { packages: [...new Set(meta.imports.filter((entry) => entry.external && !entry.path.startsWith(".")).map((entry) => entry.path))].sort() };
  }
  const inputs = [...new Set([...Object.keys(result.metafile.inputs), ...BUILD_INPUTS])].sort();
  writeAtomic(INFO, `${JSON.stringify({ builtAtMs, esbuild: esbuild.version, inputs, outputs }, null, 2)}\n`);
  return { ms: Date.now() - builtAtMs, outputs: Object.keys(outputs), inputs: inputs.length };
}

/** True when lib/ is missing, incomplete, or older than any source it was built from. */
function isStale() {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(INFO, "utf8"));
  } catch {
    return true;
  }
  for (const output of Object.keys(info.outputs ?? {})) if (!fs.existsSync(path.join(ROOT, output))) return true;
  if (!info.outputs || !fs.existsSync(path.join(LIB, "cli", "main.js"))) return true;
  for (const input of info.inputs ?? []) {
    const stat = fs.statSync(path.join(ROOT, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs >= info.builtAtMs) return true;
  }
  return false;
}

module.exports = { buildCli, isStale, LIB, ROOT };

if (require.main === module) {
  buildCli().then(
    (report) => process.stdout.write(`lib/: ${report.outputs.length} files from ${report.inputs} sources in ${report.ms} ms\n`),
    (error) => {
      process.stderr.write(`build:cli: ${error && error.message ? error.message : error}\n`);
      process.exitCode = 1;
    },
  );
}
