#!/usr/bin/env node
// Runs the TypeScript sources directly (through tsx), so `npx shotbin` works right after `npm ci`.
"use strict";
require("tsx/cjs/api").register();
const { main } = require("../src/cli/main.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`shotbin: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
