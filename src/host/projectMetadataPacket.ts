/**
 * Reads and writes properties of Premiere's private project metadata namespace inside the XMP
 * packet that `Metadata.getProjectMetadata` returns and `createSetProjectMetadataAction` takes.
 *
 * UXP has no DOMParser in every host and `uxp.xmp` is not reachable from this layer, so this is
 * a small tokenizer that understands what XMP serializers emit: elements and the compact
 * attribute form, CDATA, entities, `rdf:Alt` language alternatives. It edits the packet in place
 * and leaves every other property untouched.
 */
import { HostError } from "../core/errors";

export const PROJECT_METADATA_NAMESPACE = "http://ns.adobe.com/premierePrivateProjectMetaData/1.0/";
const RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DEFAULT_PREFIX = "premierePrivateProjectMetaData";

interface Attribute {
  name: string;
  value: string;
  /** From the whitespace before the name to after the closing quote: what to cut to remove it. */
  start: number;
  end: number;
}

type Token =
  | { kind: "start"; name: string; attributes: Attribute[]; selfClosing: boolean; start: number; end: number }
  | { kind: "end"; name: string; start: number; end: number }
  | { kind: "text"; raw: string; start: number; end: number }
  | { kind: "cdata"; text: string; start: number; end: number };

function malformed(detail: string): HostError {
  return new HostError(
    "metadata",
    `Premiere returned project metadata Shotbin cannot read (${detail}).`,
    "Metadata.getProjectMetadata",
  );
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipTo = (marker: string, from: number): number => {
    const at = xml.indexOf(marker, from);
    if (at < 0) throw malformed(`unterminated ${marker}`);
    return at + marker.length;
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt < 0) {
      tokens.push({ kind: "text", raw: xml.slice(i), start: i, end: xml.length });
      break;
    }
    if (lt > i) tokens.push({ kind: "text", raw: xml.slice(i, lt), start: i, end: lt });
    if (xml.startsWith("<!--", lt)) {
      i = skipTo("-->", lt + 4);
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = skipTo("]]>", lt + 9);
      tokens.push({ kind: "cdata", text: xml.slice(lt + 9, end - 3), start: lt, end });
      i = end;
    } else if (xml.startsWith("<?", lt)) {
      i = skipTo("?>", lt + 2);
    } else if (xml.startsWith("<!", lt)) {
      i = skipTo(">", lt + 2);
    } else if (xml[lt + 1] === "/") {
      const end = skipTo(">", lt + 2);
      tokens.push({ kind: "end", name: xml.slice(lt + 2, end - 1).trim(), start: lt, end });
      i = end;
    } else {
      i = readStartTag(xml, lt, tokens);
    }
  }
  return tokens;
}

function readStartTag(xml: string, lt: number, tokens: Token[]): number {
  let j = lt + 1;
  const nameStart = j;
  while (j < xml.length && !/[\s/>]/.test(xml[j] as string)) j++;
  const name = xml.slice(nameStart, j);
  if (!name) throw malformed(`an empty tag at ${lt}`);
  const attributes: Attribute[] = [];
  for (;;) {
    const whitespaceStart = j;
    while (j < xml.length && /\s/.test(xml[j] as string)) j++;
    if (j >= xml.length) throw malformed(`unterminated <${name}>`);
    if (xml.startsWith("/>", j)) {
      tokens.push({ kind: "start", name, attributes, selfClosing: true, start: lt, end: j + 2 });
      return j + 2;
    }
    if (xml[j] === ">") {
      tokens.push({ kind: "start", name, attributes, selfClosing: false, start: lt, end: j + 1 });
      return j + 1;
    }
    const attributeNameStart = j;
    while (j < xml.length && !/[\s=/>]/.test(xml[j] as string)) j++;
    const attributeName = xml.slice(attributeNameStart, j);
    while (j < xml.length && /\s/.test(xml[j] as string)) j++;
    if (xml[j] !== "=") throw malformed(`attribute ${attributeName} has no value`);
    j++;
    while (j < xml.length && /\s/.test(xml[j] as string)) j++;
    const quote = xml[j];
    if (quote !== '"' && quote !== "'") throw malformed(`attribute ${attributeName} is not quoted`);
    const close = xml.indexOf(quote, j + 1);
    if (close < 0) throw malformed(`attribute ${attributeName} is not closed`);
    attributes.push({ name: attributeName, value: xml.slice(j + 1, close), start: whitespaceStart, end: close + 1 });
    j = close + 1;
  }
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#xD;");
}

/** Prefixes bound to `namespace` anywhere in the packet (serializers rarely rebind, so scope is ignored). */
function prefixesFor(tokens: Token[], namespace: string): Set<string> {
  const prefixes = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== "start") continue;
    for (const attribute of token.attributes) {
      if (attribute.name.startsWith("xmlns:") && unescapeXml(attribute.value) === namespace) {
        prefixes.add(attribute.name.slice("xmlns:".length));
      }
    }
  }
  return prefixes;
}

function localName(qualified: string, prefixes: Set<string>): string | undefined {
  const colon = qualified.indexOf(":");
  if (colon < 0) return undefined;
  return prefixes.has(qualified.slice(0, colon)) ? qualified.slice(colon + 1) : undefined;
}

/** Index of the end tag closing the start tag at `startIndex`. */
function matchingEnd(tokens: Token[], startIndex: number): number {
  let depth = 0;
  for (let k = startIndex; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "start" && !token.selfClosing) depth++;
    if (token.kind === "end") {
      depth--;
      if (depth === 0) return k;
    }
  }
  throw malformed("an element is not closed");
}

/** The text of a property element: its own text, or the first `rdf:li` of an Alt/Seq/Bag. */
function elementText(tokens: Token[], startIndex: number, endIndex: number): string {
  let firstItem: number | undefined;
  for (let k = startIndex + 1; k < endIndex; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "start" && /(^|:)li$/.test(token.name)) {
      firstItem = k;
      break;
    }
  }
  const from = firstItem ?? startIndex;
  const to = firstItem === undefined ? endIndex : matchingEnd(tokens, firstItem);
  if (firstItem !== undefined) {
    const item = tokens[firstItem] as Token;
    if (item.kind === "start" && item.selfClosing) return "";
  }
  let text = "";
  for (let k = from + 1; k < to; k++) {
    const token = tokens[k] as Token;
    if (token.kind === "text") text += unescapeXml(token.raw);
    if (token.kind === "cdata") text += token.text;
  }
  return text;
}

/** Values of the given properties, undefined when a property is absent. */
export function readProjectProperties(packet: string, names: readonly string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const name of names) result[name] = undefined;
  const tokens = tokenize(packet);
  const prefixes = prefixesFor(tokens, PROJECT_METADATA_NAMESPACE);
  if (prefixes.size === 0) return result;
  const wanted = new Set(names);
  tokens.forEach((token, index) => {
    if (token.kind !== "start") return;
    for (const attribute of token.attributes) {
      const local = localName(attribute.name, prefixes);
      if (local !== undefined && wanted.has(local)) result[local] = unescapeXml(attribute.value);
    }
    const local = localName(token.name, prefixes);
    if (local === undefined || !wanted.has(local)) return;
    result[local] = token.selfClosing ? "" : elementText(tokens, index, matchingEnd(tokens, index));
  });
  return result;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The packet with each given property set (replacing any element or attribute form of it). */
export function writeProjectProperties(packet: string, values: Readonly<Record<string, string>>): string {
  const names = Object.keys(values);
  for (const name of names) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new HostError("metadata", `"${name}" is not a valid metadata property name.`);
  }
  const tokens = tokenize(packet);
  const prefixes = prefixesFor(tokens, PROJECT_METADATA_NAMESPACE);
  const rdfPrefix = [...prefixesFor(tokens, RDF_NAMESPACE)][0] ?? "rdf";
  const wanted = new Set(names);
  const edits: Edit[] = [];
  let host: { index: number; prefix: string } | undefined;

  tokens.forEach((token, index) => {
    if (token.kind !== "start") return;
    for (const attribute of token.attributes) {
      const local = localName(attribute.name, prefixes);
      if (local !== undefined && wanted.has(local)) edits.push({ start: attribute.start, end: attribute.end, text: "" });
      if (
        !host &&
        token.name === `${rdfPrefix}:Description` &&
        attribute.name.startsWith("xmlns:") &&
        unescapeXml(attribute.value) === PROJECT_METADATA_NAMESPACE
      ) {
        host = { index, prefix: attribute.name.slice("xmlns:".length) };
      }
    }
    const local = localName(token.name, prefixes);
    if (local !== undefined && wanted.has(local)) {
      const end = token.selfClosing ? token : (tokens[matchingEnd(tokens, index)] as Token);
      edits.push({ start: token.start, end: end.end, text: "" });
    }
  });

  const elements = (prefix: string) =>
    names.map((name) => `<${prefix}:${name}>${escapeXml(values[name] as string)}</${prefix}:${name}>`).join("");

  if (host) {
    const start = tokens[host.index] as Extract<Token, { kind: "start" }>;
    if (start.selfClosing) {
      edits.push({
        start: start.end - 2,
        end: start.end,
        text: `>${elements(host.prefix)}</${start.name}>`,
      });
    } else {
      const close = tokens[matchingEnd(tokens, host.index)] as Token;
      edits.push({ start: close.start, end: close.start, text: elements(host.prefix) });
    }
  } else {
    const description =
      `<${rdfPrefix}:Description ${rdfPrefix}:about="" xmlns:${DEFAULT_PREFIX}="${PROJECT_METADATA_NAMESPACE}">` +
      `${elements(DEFAULT_PREFIX)}</${rdfPrefix}:Description>`;
    const rdfClose = tokens.find((t) => t.kind === "end" && t.name === `${rdfPrefix}:RDF`);
    if (!rdfClose) return emptyPacket(description);
    edits.push({ start: rdfClose.start, end: rdfClose.start, text: description });
  }

  // Apply from the back so earlier offsets stay valid; removals never overlap insertions.
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = packet;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function emptyPacket(description: string): string {
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF_NAMESPACE}">${description}</rdf:RDF></x:xmpmeta>` +
    `<?xpacket end="w"?>`
  );
}
