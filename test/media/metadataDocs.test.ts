import { readFileSync } from "node:fs";
import * as path from "node:path";
import { GENERATION_FIELDS } from "../../src/media/generationMetadata";

/** docs/metadata.md is where editors and colourists look up what a clip carries: it must list every field we write. */
it("docs/metadata.md lists every field of Shotbin's XMP namespace with its meaning", () => {
  const doc = readFileSync(path.join(__dirname, "../../docs/metadata.md"), "utf8");
  const missing = GENERATION_FIELDS.filter((field) => !doc.includes(`| \`shotbin:${field.name}\` | Shotbin | ${field.meaning} |`)).map((field) => field.name);
  expect(missing).toEqual([]);
});
