import { MediaError } from "../core/errors";
import { printableFourCC, readFourCC } from "./bigEndian";

/**
 * Which of Adobe's two MPEG-4 handler modes a file falls under (XMP Toolkit SDK,
 * `MPEG4_Handler.cpp`, `MPEG4_CheckFormat`): `qt  ` among the brands, or no `ftyp` at all, means
 * QuickTime (XMP in `moov/udta/XMP_`); otherwise one of the ISO brands below must be present
 * (XMP in a top-level `uuid` box). Any other file is not claimed by Adobe's handler, so Premiere
 * would not see what we write and we refuse it.
 */
export type ContainerKind = "iso" | "quicktime";

export interface ContainerFormat {
  kind: ContainerKind;
  majorBrand?: string;
  compatibleBrands: string[];
}

export const ADOBE_ISO_BRANDS: readonly string[] = ["mp41", "mp42", "f4v ", "avc1", "isom", "3gp4", "3g2a", "3g2b", "3g2c"];

/** Top-level types that may open a QuickTime file without `ftyp` (Adobe's check uses these). */
const CLASSIC_QUICKTIME_FIRST_BOXES: readonly string[] = ["moov", "mdat", "pnot", "free", "skip", "wide"];

/** Everything the first 8 bytes of a file can tell: is it a box file we know how to start? */
export function looksLikeBoxFile(firstBytes: Uint8Array): boolean {
  if (firstBytes.length < 8) return false;
  const type = readFourCC(firstBytes, 4);
  return type === "ftyp" || CLASSIC_QUICKTIME_FIRST_BOXES.includes(type);
}

/** Classifies a file from its first box (`ftypPayload` is that box's payload when it is `ftyp`). */
export function classifyContainer(firstType: string, ftypPayload: Uint8Array | undefined, label?: string): ContainerFormat {
  if (firstType !== "ftyp") {
    if (CLASSIC_QUICKTIME_FIRST_BOXES.includes(firstType)) return { kind: "quicktime", compatibleBrands: [] };
    throw new MediaError(
      "not-media",
      `This is not an MP4 or MOV file: it starts with '${printableFourCC(firstType)}' where an MP4/MOV starts with an 'ftyp' box.`,
      label,
    );
  }
  if (!ftypPayload || ftypPayload.length < 8 || ftypPayload.length % 4 !== 0) {
    throw new MediaError("corrupt", "The file's 'ftyp' box is malformed (its brand list has the wrong length).", label);
  }
  const majorBrand = readFourCC(ftypPayload, 0);
  const compatibleBrands: string[] = [];
  for (let at = 8; at + 4 <= ftypPayload.length; at += 4) compatibleBrands.push(readFourCC(ftypPayload, at));
  const brands = [majorBrand, ...compatibleBrands];
  if (brands.includes("qt  ")) return { kind: "quicktime", majorBrand, compatibleBrands };
  if (brands.some((brand) => ADOBE_ISO_BRANDS.includes(brand))) return { kind: "iso", majorBrand, compatibleBrands };
  throw new MediaError(
    "unsupported-brand",
    `Premiere would not read metadata from this file: its brands (${brands.map(printableFourCC).join(", ")}) include none that Adobe's MP4 handler claims (${ADOBE_ISO_BRANDS.map((b) => b.trim()).join(", ")}, or qt for QuickTime). Re-wrap it with ffmpeg (-c copy) to get standard brands.`,
    label,
  );
}
