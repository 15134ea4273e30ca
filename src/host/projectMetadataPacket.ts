/**
 * Reads and writes properties of Premiere's private project metadata namespace inside the XMP
 * packet that `Metadata.getProjectMetadata` returns and `createSetProjectMetadataAction` takes.
 *
 * UXP has no DOMParser in every host and `uxp.xmp` is not reachable from this layer, so it uses
 * the XMP parser the media layer writes clips with (src/core/text/xmlParser.ts: source spans and
 * namespace scope), and edits the packet in place: every other property stays byte for byte.
 * Both the element and the compact attribute form are read, and `rdf:Alt` language alternatives.
 */
import { HostError } from "../core/errors";
import { childElements, parseXml, textContent, XmlSyntaxError, type XmlElement } from "../core/text/xmlParser";

export const PROJECT_METADATA_NAMESPACE = "http://ns.adobe.com/premierePrivateProjectMetaData/1.0/";
const RDF_NAMESPACE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const DEFAULT_PREFIX = "premierePrivateProjectMetaData";

function malformed(detail: string): HostError {
  return new HostError(
    "metadata",
    `Premiere returned project metadata Shotbin cannot read (${detail}).`,
    "Metadata.getProjectMetadata",
  );
}

/** The packet's root element, or undefined for an empty packet. */
function parsePacket(packet: string): XmlElement | undefined {
  if (packet.trim() === "") return undefined;
  try {
    return parseXml(packet);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformed(error.message);
    throw error;
  }
}

/** Every element under (and including) `root`, in document order. */
function allElements(root: XmlElement): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    found.push(element);
    childElements(element).forEach(visit);
  };
  visit(root);
  return found;
}

/** The text of a property element: its own text, or the first `rdf:li` of an Alt/Seq/Bag. */
function propertyText(element: XmlElement): string {
  const item = allElements(element).find((child) => child !== element && child.uri === RDF_NAMESPACE && child.local === "li");
  return textContent(item ?? element);
}

/** Where the end tag of a non-empty element starts. */
function endTagStart(packet: string, element: XmlElement): number {
  return packet.lastIndexOf("</", element.end - 1);
}

function isEmptyElement(element: XmlElement): boolean {
  return element.startTagEnd === element.end;
}

/** Values of the given properties, undefined when a property is absent. */
export function readProjectProperties(packet: string, names: readonly string[]): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const name of names) result[name] = undefined;
  const root = parsePacket(packet);
  if (!root) return result;
  const wanted = new Set(names);
  for (const element of allElements(root)) {
    for (const attribute of element.attributes) {
      if (attribute.uri === PROJECT_METADATA_NAMESPACE && wanted.has(attribute.local)) result[attribute.local] = attribute.value;
    }
    if (element.uri === PROJECT_METADATA_NAMESPACE && wanted.has(element.local)) result[element.local] = propertyText(element);
  }
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
  const elements = (prefix: string) =>
    names.map((name) => `<${prefix}:${name}>${escapeXml(values[name] as string)}</${prefix}:${name}>`).join("");
  const root = parsePacket(packet);
  const everything = root ? allElements(root) : [];
  const rdf = everything.find((element) => element.uri === RDF_NAMESPACE && element.local === "RDF");
  const rdfPrefix = rdf?.prefix || "rdf";
  const wanted = new Set(names);
  const edits: Edit[] = [];
  let host: { element: XmlElement; prefix: string } | undefined;

  for (const element of everything) {
    for (const attribute of element.attributes) {
      if (attribute.uri === PROJECT_METADATA_NAMESPACE && wanted.has(attribute.local)) edits.push({ start: attribute.start, end: attribute.end, text: "" });
    }
    if (!host && element.uri === RDF_NAMESPACE && element.local === "Description") {
      const prefix = [...element.declared].find(([, uri]) => uri === PROJECT_METADATA_NAMESPACE)?.[0];
      if (prefix) host = { element, prefix };
    }
    if (element.uri === PROJECT_METADATA_NAMESPACE && wanted.has(element.local)) edits.push({ start: element.start, end: element.end, text: "" });
  }

  if (host) {
    const { element, prefix } = host;
    if (isEmptyElement(element)) {
      const close = packet.lastIndexOf("/>", element.end - 2);
      edits.push({ start: close, end: element.end, text: `>${elements(prefix)}</${element.qname}>` });
    } else {
      const at = endTagStart(packet, element);
      edits.push({ start: at, end: at, text: elements(prefix) });
    }
  } else {
    const description =
      `<${rdfPrefix}:Description ${rdfPrefix}:about="" xmlns:${DEFAULT_PREFIX}="${PROJECT_METADATA_NAMESPACE}">` +
      `${elements(DEFAULT_PREFIX)}</${rdfPrefix}:Description>`;
    if (!rdf || isEmptyElement(rdf)) return emptyPacket(description);
    const at = endTagStart(packet, rdf);
    edits.push({ start: at, end: at, text: description });
  }

  // Apply from the back so earlier offsets stay valid; removals never overlap insertions.
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = packet;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\r/g, "&#xD;");
}

function emptyPacket(description: string): string {
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="${RDF_NAMESPACE}">${description}</rdf:RDF></x:xmpmeta>` +
    `<?xpacket end="w"?>`
  );
}
