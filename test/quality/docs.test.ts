/** docs/qa.md is the user's copy of the thresholds table: it must name every limit the code uses. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFECT_KINDS } from "../../src/quality/qualityTypes";
import { THRESHOLDS } from "../../src/quality/thresholds";

const doc = readFileSync(path.join(__dirname, "../../docs/qa.md"), "utf8");

it("lists every threshold by name", () => {
  const missing = Object.keys(THRESHOLDS).filter((name) => !doc.includes(`\`${name}\``));
  expect(missing).toEqual([]);
});

it("explains every defect kind", () => {
  const missing = DEFECT_KINDS.filter((kind) => !doc.includes(`| \`${kind}\` |`));
  expect(missing).toEqual([]);
});
