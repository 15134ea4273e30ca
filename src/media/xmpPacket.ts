import { utf8Encode } from "../core/text/utf8";
import { GENERATION_FIELDS, SHOTBIN_PREFIX, type GenerationMetadata } from "./generationMetadata";
import { NS } from "./xmpNamespaces";

/**
 * Builds the XMP packet Shotbin embeds (XMP Spec Part 1 §7.3): the `xpacket` wrapper, one
 * `rdf:Description` with our properties, the foreign descriptions kept by the merge, and
 * whitespace padding so the packet can be rewritten in place later.
 *
 * Every text value is written in element form, never as an attribute: Adobe's parser applies
 * attribute-value normalisation and would turn a prompt's newlines into spaces.
 */

export interface VideoFacts {
  frameRate?: number;
  width?: number;
  height?: number;
}

/** What the packet's own description holds, and which properties it takes over from old XMP. */
export interface OurDescription {
  xml: string;
  /** `uri local` pairs written here; the merge removes these from foreign descriptions. */
  owned: Set<string>;
  /** Characters XML cannot carry that were dropped from the values. */
  removedCharacters: number;
}

function isIllegalCodeUnit(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
}

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
export function removeIllegalCharacters(value: string): { text: string; removed: number } {
  let text = "";
  let removed = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        text += value[i]! + value[i + 1]!;
        i++;
      } else removed++;
    } else if ((code >= 0xdc00 && code <= 0xdfff) || isIllegalCodeUnit(code)) removed++;
    else text += value[i];
  }
  return { text, removed };
}

/** Element content: `&`, `<`, `>` escaped, and CR as a reference so the parser does not fold it. */
export function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#x9;").replace(/\n/g, "&#xA;");
}

export function ownedKey(uri: string, local: string): string {
  return `${uri} ${local}`;
}

/** `2025-01-02T03:04:05Z`: whole seconds in UTC, what `mvhd` can hold and Adobe reconciles to. */
export function xmpDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** 24, 25, 23.976, 29.97: three decimals at most, as exiftool and Premiere print them. */
export function formatFrameRate(fps: number): string {
  return String(Number(fps.toFixed(3)));
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

/** `provider/model seed=42 job=abc cost=0.4 USD`: Premiere's Log Note column. */
export function logComment(meta: GenerationMetadata): string {
  const parts = [`${meta.provider}/${meta.model}`];
  if (meta.seed !== undefined) parts.push(`seed=${meta.seed}`);
  if (meta.jobId !== undefined) parts.push(`job=${meta.jobId}`);
  if (meta.cost !== undefined) parts.push(`cost=${meta.cost} ${meta.currency ?? ""}`.trim());
  if (meta.take !== undefined) parts.push(`take=${meta.take}`);
  return oneLine(parts.join(" "));
}

/** The metadata with characters XML cannot carry removed from every text, and how many went. */
function withoutIllegalCharacters(meta: GenerationMetadata): { meta: GenerationMetadata; removed: number } {
  let removed = 0;
  const clean = (value: string) => {
    const result = removeIllegalCharacters(value);
    removed += result.removed;
    return result.text;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    out[key] = typeof value === "string" ? clean(value) : Array.isArray(value) ? value.map(clean) : value;
  }
  // Same keys as `meta`, with only the characters inside strings changed.
  return { meta: out as unknown as GenerationMetadata, removed };
}

export function buildOurDescription(original: GenerationMetadata, video: VideoFacts, about: string): OurDescription {
  const { meta, removed: removedCharacters } = withoutIllegalCharacters(original);
  const owned = new Set<string>();
  const lines: string[] = [];
  const clean = escapeText;
  const simple = (prefix: keyof typeof NS, local: string, value: string) => {
    owned.add(ownedKey(NS[prefix], local));
    lines.push(`   <${prefix}:${local}>${clean(value)}</${prefix}:${local}>`);
  };
  const langAlt = (prefix: keyof typeof NS, local: string, value: string) => {
    owned.add(ownedKey(NS[prefix], local));
    lines.push(
      `   <${prefix}:${local}>`,
      `    <rdf:Alt>`,
      `     <rdf:li xml:lang="x-default">${clean(value)}</rdf:li>`,
      `    </rdf:Alt>`,
      `   </${prefix}:${local}>`,
    );
  };

  const title = meta.shotName ?? meta.shotId;
  if (title !== undefined) langAlt("dc", "title", title);
  if (meta.prompt !== undefined) langAlt("dc", "description", meta.prompt);
  simple("xmp", "CreatorTool", `${meta.provider}/${meta.model}`);
  simple("xmp", "CreateDate", xmpDate(meta.generatedAt));
  simple("xmp", "ModifyDate", xmpDate(meta.generatedAt));
  simple("xmpDM", "logComment", logComment(meta));
  if (meta.shotName !== undefined) simple("xmpDM", "shotName", meta.shotName);
  if (meta.scene !== undefined) simple("xmpDM", "scene", meta.scene);
  if (video.frameRate !== undefined) simple("xmpDM", "videoFrameRate", formatFrameRate(video.frameRate));
  if (video.width && video.height) {
    owned.add(ownedKey(NS.xmpDM, "videoFrameSize"));
    lines.push(
      `   <xmpDM:videoFrameSize rdf:parseType="Resource">`,
      `    <stDim:w>${video.width}</stDim:w>`,
      `    <stDim:h>${video.height}</stDim:h>`,
      `    <stDim:unit>pixel</stDim:unit>`,
      `   </xmpDM:videoFrameSize>`,
    );
  }
  for (const { name } of GENERATION_FIELDS) {
    const value = meta[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      lines.push(`   <${SHOTBIN_PREFIX}:${name}>`, `    <rdf:Seq>`);
      for (const item of value) lines.push(`     <rdf:li>${clean(item)}</rdf:li>`);
      lines.push(`    </rdf:Seq>`, `   </${SHOTBIN_PREFIX}:${name}>`);
    } else {
      lines.push(`   <${SHOTBIN_PREFIX}:${name}>${clean(String(value))}</${SHOTBIN_PREFIX}:${name}>`);
    }
  }
  const declarations = (["dc", "xmp", "xmpDM", "stDim", SHOTBIN_PREFIX] as const)
    .map((prefix) => `\n    xmlns:${prefix}="${NS[prefix]}"`)
    .join("");
  const xml = [`  <rdf:Description rdf:about="${escapeAttribute(about)}"${declarations}>`, ...lines, `  </rdf:Description>`].join("\n");
  return { xml, owned, removedCharacters };
}

const PACKET_HEADER = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="${NS.x}" x:xmptk="Shotbin">\n <rdf:RDF xmlns:rdf="${NS.rdf}">\n`;
const PACKET_FOOTER = `\n </rdf:RDF>\n</x:xmpmeta>\n`;
const PACKET_TRAILER = utf8Encode(`<?xpacket end="w"?>`);

/** New packets get 2-3 KiB of padding (the spec suggests about 2 KB), rounded to a 1 KiB total. */
export const MIN_NEW_PADDING = 2048;

function padding(length: number): Uint8Array {
  const out = new Uint8Array(length).fill(0x20);
  for (let i = 99; i < length; i += 100) out[i] = 0x0a;
  return out;
}

/** The packet without padding: header, descriptions, footer. */
export function packetCore(descriptions: readonly string[]): Uint8Array {
  return utf8Encode(PACKET_HEADER + descriptions.join("\n") + PACKET_FOOTER);
}

export interface EncodedPacket {
  bytes: Uint8Array;
  paddingBytes: number;
}

/**
 * The full packet. With `exactLength` it is padded to exactly that many bytes (to overwrite an
 * existing packet in place), or undefined when it does not fit.
 */
export function encodePacket(core: Uint8Array, exactLength?: number): EncodedPacket | undefined {
  const fixed = core.length + PACKET_TRAILER.length;
  let paddingBytes: number;
  if (exactLength === undefined) {
    paddingBytes = MIN_NEW_PADDING + ((1024 - ((fixed + MIN_NEW_PADDING) % 1024)) % 1024);
  } else {
    paddingBytes = exactLength - fixed;
    if (paddingBytes < 0) return undefined;
  }
  const bytes = new Uint8Array(fixed + paddingBytes);
  bytes.set(core, 0);
  bytes.set(padding(paddingBytes), core.length);
  bytes.set(PACKET_TRAILER, core.length + paddingBytes);
  return { bytes, paddingBytes };
}
