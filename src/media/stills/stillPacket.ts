import { MediaError } from "../../core/errors";
import { utf8Decode } from "../../core/text/utf8";
import { SHOTBIN_NAMESPACE, type GenerationMetadata } from "../generationMetadata";
import { XmlSyntaxError } from "../../core/text/xmlParser";
import { extractForeignXmp, XmpStructureError, type ForeignXmp } from "../xmpMerge";
import { buildOurDescription, encodePacket, ownedKey, packetCore, type EncodedPacket } from "../xmpPacket";

/** The XMP for a still: Shotbin's description (the same fields and namespace as a clip's) merged with what the file had. */
export interface StillPacketPlan {
  core: Uint8Array;
  keptForeignProperties: number;
  replacedProperties: number;
  removedCharacters: number;
}

export function planStillPacket(meta: GenerationMetadata, existing: Uint8Array | undefined, where: string, label: string): StillPacketPlan {
  const probe = buildOurDescription(meta, {}, "");
  const owns = (uri: string, local: string) => uri === SHOTBIN_NAMESPACE || probe.owned.has(ownedKey(uri, local));
  let foreign: ForeignXmp = { nodes: [], about: "", keptProperties: 0, replacedProperties: 0 };
  if (existing) {
    try {
      foreign = extractForeignXmp(utf8Decode(existing), owns);
    } catch (error) {
      if (error instanceof XmlSyntaxError || error instanceof XmpStructureError) {
        throw new MediaError(
          "corrupt",
          `The XMP already in this still (${where}) is not well-formed: ${error.message}. Shotbin keeps existing XMP rather than discarding it, so it stopped; remove that XMP (for example: exiftool -XMP:all= file) and embed again.`,
          label,
          { cause: error },
        );
      }
      throw error;
    }
  }
  const ours = foreign.about === "" ? probe : buildOurDescription(meta, {}, foreign.about);
  return {
    core: packetCore([ours.xml, ...foreign.nodes]),
    keptForeignProperties: foreign.keptProperties,
    replacedProperties: foreign.replacedProperties,
    removedCharacters: ours.removedCharacters,
  };
}

/** The packet padded to exactly `length` bytes (to overwrite in place), or with the usual padding. */
export function packetOf(plan: StillPacketPlan, length?: number): EncodedPacket | undefined {
  return encodePacket(plan.core, length);
}

/** The packet with no padding at all: the smallest it can be. */
export function tightPacket(plan: StillPacketPlan): EncodedPacket {
  return encodePacket(plan.core, plan.core.length + '<?xpacket end="w"?>'.length)!;
}
