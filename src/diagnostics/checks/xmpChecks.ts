/**
 * What Premiere reads from the files' XMP: every Shotbin field of the test clips, exact, and the
 * creation date. The MP4 carries its packet in a top-level uuid box after the media data, the MOV
 * in moov/udta/XMP_; both must come back through `Metadata.getXMPMetadata`.
 */
import { describeError } from "../../core/errors";
import { SHOTBIN_NAMESPACE, type GenerationMetadata } from "../../media/generationMetadata";
import { readXmpProperties, shotbinFields } from "../../media/xmpFields";
import { KNOWN_PREFIXES } from "../../media/xmpNamespaces";
import { need, requireClip, requireProject, type SelfCheckContext } from "../selfCheckContext";
import { SELF_CHECK_METADATA, type TestClipFormat } from "../testClips";
import { fail, pass, shown, type SelfCheckDefinition } from "./checkDefinition";

/** Reads (once per run) the XMP Premiere holds for an imported test clip. */
async function clipXmp(ctx: SelfCheckContext, format: TestClipFormat) {
  const cached = ctx.xmp[format];
  if (cached) return cached;
  const clip = requireClip(ctx, format);
  const item = need(await ctx.index.find(requireProject(ctx), clip.id), `The ${format.toUpperCase()} clip is no longer in the project.`);
  let result: NonNullable<SelfCheckContext["xmp"][TestClipFormat]>;
  try {
    const packet = await ctx.ppro.Metadata.getXMPMetadata(item);
    const text = typeof packet === "string" ? packet : "";
    try {
      result = { properties: readXmpProperties(text), bytes: text.length };
    } catch (error) {
      result = { error: `Premiere returned an XMP packet Shotbin cannot parse (${text.length} characters): ${describeError(error)}` };
    }
  } catch (error) {
    result = { error: `Metadata.getXMPMetadata failed: ${describeError(error)}` };
  }
  ctx.xmp[format] = result;
  return result;
}

function sameValue(expected: unknown, got: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(got) && got.length === expected.length && expected.every((e, i) => e === got[i]);
  return expected === got;
}

function xmpFieldsCheck(format: TestClipFormat): SelfCheckDefinition {
  const where = format === "mp4" ? "the uuid box at the end of the MP4" : "moov/udta/XMP_ of the MOV";
  return {
    id: format === "mp4" ? "xmp-mp4" : "xmp-mov",
    expected: `every shotbin: field Shotbin embedded in ${where}, exact; dc:description is the prompt, newline and <&> included`,
    async run(ctx) {
      const xmp = await clipXmp(ctx, format);
      const fallback =
        "Prompt, model, provider, seed, job, shot and take are also written to Shotbin's Project-panel columns (see the columns check); the file keeps its XMP for other tools.";
      if ("error" in xmp) return fail(xmp.error, { fallback });
      const fields = shotbinFields(xmp.properties);
      const expected = Object.entries(SELF_CHECK_METADATA) as [keyof GenerationMetadata, unknown][];
      const missing: string[] = [];
      const different: string[] = [];
      for (const [name, value] of expected) {
        const got = fields[name];
        if (got === undefined) missing.push(name);
        else if (!sameValue(value, got)) different.push(`${name} (read ${shown(got)})`);
      }
      const description = xmp.properties["dc:description"];
      if (description === undefined) missing.push("dc:description");
      else if (description !== SELF_CHECK_METADATA.prompt) different.push(`dc:description (read ${shown(description)})`);
      const prompt = fields.prompt;
      const newlineKept = typeof prompt === "string" && prompt.includes("\n");
      const details = {
        packetCharacters: xmp.bytes,
        shotbinNamespace: Object.keys(xmp.properties).some((key) => key.startsWith(`${KNOWN_PREFIXES.get(SHOTBIN_NAMESPACE)}:`)),
        fieldsExpected: expected.length + 1,
        fieldsExact: expected.length + 1 - missing.length - different.length,
        promptNewlineKept: newlineKept,
      };
      if (missing.length === 0 && different.length === 0) {
        return pass(`All ${expected.length} shotbin: fields and dc:description exact; the prompt kept its newline and <&> (packet of ${xmp.bytes} characters).`, {
          details,
        });
      }
      const parts = [missing.length ? `missing: ${missing.join(", ")}` : "", different.length ? `different: ${different.join("; ")}` : ""].filter(Boolean);
      return fail(`${parts.join("; ")}.`, { fallback, details });
    },
  };
}

function creationDateCheck(format: TestClipFormat): SelfCheckDefinition {
  const ours = SELF_CHECK_METADATA.generatedAt;
  return {
    id: format === "mp4" ? "creation-date-mp4" : "creation-date-mov",
    expected: `xmp:CreateDate is ${ours}, when the shot was generated (not the copy's file date)`,
    async run(ctx) {
      const xmp = await clipXmp(ctx, format);
      const fallback = "Shotbin's own record of the generation time (shotbin:generatedAt, the AI Job column) is unaffected; only Premiere's date columns would show another date.";
      if ("error" in xmp) return fail(xmp.error, { fallback });
      const value = xmp.properties["xmp:CreateDate"];
      if (typeof value !== "string") return fail(`No xmp:CreateDate in the packet${value === undefined ? "" : ` (found ${shown(value)})`}.`, { fallback });
      const same = Date.parse(value) === Date.parse(ours);
      const details = { createDate: value };
      return same ? pass(`xmp:CreateDate is ${value}.`, { details }) : fail(`xmp:CreateDate is ${value}.`, { fallback, details });
    },
  };
}

export const xmpMp4Check = xmpFieldsCheck("mp4");
export const xmpMovCheck = xmpFieldsCheck("mov");
export const creationDateMp4Check = creationDateCheck("mp4");
export const creationDateMovCheck = creationDateCheck("mov");
