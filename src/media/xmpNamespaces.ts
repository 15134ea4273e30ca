import { SHOTBIN_NAMESPACE, SHOTBIN_PREFIX } from "./generationMetadata";

/** The XMP namespaces Shotbin writes or reports, by their conventional prefixes. */
export const NS = {
  x: "adobe:ns:meta/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  dc: "http://purl.org/dc/elements/1.1/",
  xmp: "http://ns.adobe.com/xap/1.0/",
  xmpDM: "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
  stDim: "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
  [SHOTBIN_PREFIX]: SHOTBIN_NAMESPACE,
} as const;

/** Prefixes for well-known namespaces, so that read-back keys do not depend on a writer's choice. */
export const KNOWN_PREFIXES: ReadonlyMap<string, string> = new Map([
  ...Object.entries(NS).map(([prefix, uri]) => [uri, prefix] as [string, string]),
  ["http://ns.adobe.com/xap/1.0/mm/", "xmpMM"],
  ["http://ns.adobe.com/xap/1.0/rights/", "xmpRights"],
  ["http://ns.adobe.com/photoshop/1.0/", "photoshop"],
  ["http://ns.adobe.com/exif/1.0/", "exif"],
  ["http://ns.adobe.com/tiff/1.0/", "tiff"],
  ["http://ns.adobe.com/xap/1.0/sType/ResourceEvent#", "stEvt"],
  ["http://ns.adobe.com/xap/1.0/sType/ResourceRef#", "stRef"],
]);
