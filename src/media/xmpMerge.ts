import { attribute, childElements, parseXml, XML_NAMESPACE, type XmlElement } from "../core/text/xmlParser";
import { NS } from "./xmpNamespaces";

/**
 * Keeps the XMP already in a file when Shotbin writes its own: every top-level description of the
 * old packet is carried over byte for byte, minus the properties Shotbin now owns. The kept
 * descriptions sit next to ours inside one `rdf:RDF`, which XMP allows (Part 1 §7.4: several
 * `rdf:Description` elements with the same `rdf:about`).
 */
export interface ForeignXmp {
  /** Serialised top-level nodes to place next to ours, each declaring the namespaces it uses. */
  nodes: string[];
  /** The old packet's `rdf:about`, which ours must repeat (Adobe rejects mismatched values). */
  about: string;
  /** Properties carried over. */
  keptProperties: number;
  /** Properties dropped because ours replace them. */
  replacedProperties: number;
}

export class XmpStructureError extends Error {
  override readonly name = "XmpStructureError";
}

function findRdf(root: XmlElement): XmlElement | undefined {
  if (root.uri === NS.rdf && root.local === "RDF") return root;
  for (const element of childElements(root)) {
    const found = element.uri === NS.rdf && element.local === "RDF" ? element : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The `rdf:RDF` element of a packet, or an XmpStructureError / XmlSyntaxError. */
export function parsePacketRdf(packet: string): XmlElement {
  const rdf = findRdf(parseXml(packet));
  if (!rdf) throw new XmpStructureError("the XMP packet has no rdf:RDF element");
  return rdf;
}

function isPropertyAttribute(uri: string): boolean {
  return uri !== "" && uri !== NS.rdf && uri !== XML_NAMESPACE;
}

function whitespaceBefore(source: string, at: number, floor: number): number {
  let start = at;
  while (start > floor && " \t\r\n".includes(source[start - 1] as string)) start--;
  return start;
}

export function extractForeignXmp(packet: string, owns: (uri: string, local: string) => boolean): ForeignXmp {
  const rdf = parsePacketRdf(packet);
  const nodes: string[] = [];
  let about: string | undefined;
  let keptProperties = 0;
  let replacedProperties = 0;
  for (const node of childElements(rdf)) {
    const aboutAttribute = attribute(node, NS.rdf, "about");
    if (about === undefined && aboutAttribute) about = aboutAttribute.value;
    const cuts: Array<[number, number]> = [];
    let kept = 0;
    if (node.uri === NS.rdf && node.local === "Description") {
      for (const attr of node.attributes) {
        if (!isPropertyAttribute(attr.uri)) continue;
        if (owns(attr.uri, attr.local)) {
          cuts.push([whitespaceBefore(packet, attr.start, node.start), attr.end]);
          replacedProperties++;
        } else kept++;
      }
      for (const property of childElements(node)) {
        if (owns(property.uri, property.local)) {
          cuts.push([whitespaceBefore(packet, property.start, node.startTagEnd), property.end]);
          replacedProperties++;
        } else kept++;
      }
    } else {
      kept = 1; // a typed node: keep it whole
    }
    if (kept === 0) continue;
    keptProperties += kept;
    // Namespaces declared on the old xmpmeta or rdf:RDF must travel with the node.
    const inherited = [...node.scope].filter(
      ([prefix, uri]) => prefix !== "xml" && !node.declared.has(prefix) && !(prefix === "rdf" && uri === NS.rdf) && !(prefix === "x" && uri === NS.x),
    );
    const injection = inherited.map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : "xmlns"}="${uri.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}"`).join("");
    const injectAt = node.start + 1 + node.qname.length;
    let text = packet.slice(node.start, injectAt) + injection;
    let from = injectAt;
    for (const [start, end] of cuts.sort((a, b) => a[0] - b[0])) {
      text += packet.slice(from, start);
      from = end;
    }
    text += packet.slice(from, node.end);
    nodes.push(`  ${text}`);
  }
  return { nodes, about: about ?? "", keptProperties, replacedProperties };
}
