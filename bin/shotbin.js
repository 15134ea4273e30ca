#!/usr/bin/env node
// The `shotbin` command runs the compiled JavaScript in lib/ (`npm run build:cli`, esbuild).
// In a clone (build/ and src/ beside lib/), lib/ is first rebuilt when it is missing or older than
// its sources, so an edited source never runs as stale code. An installed package has no src/ and
// runs lib/ directly.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");

async function ensureBuilt() {
  const builder = path.join(root, "build", "cliBuild.js");
  if (!fs.existsSync(builder) || !fs.existsSync(path.join(root, "src", "cli", "main.ts"))) return;
  const { buildCli, isStale } = require(builder);
  if (!isStale()) return;
  try {
    require.resolve("esbuild");
  } catch {
    const hasLib = fs.existsSync(path.join(root, "lib", "cli", "main.js"));
    process.stderr.write(
      hasLib
        ? "shotbin: warning: lib/ is older than src/ and esbuild (a development dependency) is not installed to rebuild it; running the old build.\n"
        : "shotbin: lib/ has not been built and esbuild is not installed. Run `npm ci` (with development dependencies), then `npm run build:cli`.\n",
    );
    if (!hasLib) process.exit(1);
    return;
  }
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(`shotbin: cannot rebuild lib/ from src/: ${error && error.message ? error.message : error}\n`);
    process.exit(1);
  }
}

ensureBuilt()
  .then(() => require("../lib/cli/main.js").main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`shotbin: ${error && error.stack ? error.stack : error}\nThis is a bug in shotbin; please report it with the lines above.\n`);
      process.exitCode = 1;
    },
  );
