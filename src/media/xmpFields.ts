import { GENERATION_FIELDS, SHOTBIN_NAMESPACE, type GenerationMetadata } from "./generationMetadata";
import { attribute, childElements, textContent, XML_NAMESPACE, type XmlElement } from "../core/text/xmlParser";
import { parsePacketRdf } from "./xmpMerge";
import { KNOWN_PREFIXES, NS } from "./xmpNamespaces";

/** Reads the properties of an XMP packet into plain JSON, for `shotbin inspect`. */
export type XmpValue = string | XmpValue[] | { [name: string]: XmpValue };
export type XmpProperties = { [qualifiedName: string]: XmpValue };

function keyOf(element: { uri: string; prefix: string; local: string }): string {
  return `${KNOWN_PREFIXES.get(element.uri) ?? element.prefix}:${element.local}`;
}

function isRdf(element: XmlElement, local: string): boolean {
  return element.uri === NS.rdf && element.local === local;
}

function propertyAttributes(element: XmlElement, into: XmpProperties): number {
  let count = 0;
  for (const attr of element.attributes) {
    if (attr.uri === "" || attr.uri === NS.rdf || attr.uri === XML_NAMESPACE) continue;
    into[keyOf(attr)] = attr.value;
    count++;
  }
  return count;
}

function structOf(element: XmlElement): XmpProperties {
  const struct: XmpProperties = {};
  propertyAttributes(element, struct);
  for (const field of childElements(element)) struct[keyOf(field)] = valueOf(field);
  return struct;
}

function valueOf(property: XmlElement): XmpValue {
  const resource = attribute(property, NS.rdf, "resource");
  if (resource) return resource.value;
  if (attribute(property, NS.rdf, "parseType")?.value === "Resource") return structOf(property);
  const children = childElements(property);
  const only = children.length === 1 ? children[0] : undefined;
  if (only && (isRdf(only, "Alt") || isRdf(only, "Seq") || isRdf(only, "Bag"))) {
    const items = childElements(only).filter((li) => isRdf(li, "li"));
    if (isRdf(only, "Alt")) {
      const preferred = items.find((li) => attribute(li, XML_NAMESPACE, "lang")?.value === "x-default") ?? items[0];
      return preferred ? valueOf(preferred) : "";
    }
    return items.map(valueOf);
  }
  if (only && isRdf(only, "Description")) return structOf(only);
  if (children.length > 0) return structOf(property);
  const shorthand: XmpProperties = {};
  if (propertyAttributes(property, shorthand) > 0) return shorthand;
  return textContent(property);
}

export function readXmpProperties(packet: string): XmpProperties {
  const properties: XmpProperties = {};
  for (const node of childElements(parsePacketRdf(packet))) {
    if (!isRdf(node, "Description")) {
      properties[keyOf(node)] = structOf(node);
      continue;
    }
    propertyAttributes(node, properties);
    for (const property of childElements(node)) properties[keyOf(property)] = valueOf(property);
  }
  return properties;
}

/**
 * The Shotbin namespace's properties, typed as meta.json types them; a value that does not parse
 * as its type is returned as the text found.
 */
export function shotbinFields(properties: XmpProperties): Partial<Record<keyof GenerationMetadata, string | number | string[]>> {
  const prefix = KNOWN_PREFIXES.get(SHOTBIN_NAMESPACE);
  const out: Partial<Record<keyof GenerationMetadata, string | number | string[]>> = {};
  for (const { name, kind } of GENERATION_FIELDS) {
    const raw = properties[`${prefix}:${name}`];
    if (raw === undefined) continue;
    if (kind === "list") {
      out[name] = Array.isArray(raw) ? raw.map((item) => (typeof item === "string" ? item : JSON.stringify(item))) : [String(raw)];
      continue;
    }
    if (typeof raw !== "string") continue;
    const number = Number(raw);
    const numeric = raw.trim() !== "" && Number.isFinite(number);
    if ((kind === "number" && numeric) || (kind === "integer" && Number.isInteger(number) && numeric)) out[name] = number;
    else if (kind === "seed" && /^-?\d+$/.test(raw) && Number.isSafeInteger(number)) out[name] = number;
    else out[name] = raw;
  }
  return out;
}
