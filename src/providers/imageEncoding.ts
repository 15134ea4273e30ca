import type { ImageInput } from "../core/request";
import { bytesToBase64 } from "../core/text/base64";

/** A URL for an image input: the URL itself, or a `data:` URL carrying the bytes. */
export function imageAsUrl(image: ImageInput): string {
  return image.kind === "url" ? image.url : `data:${image.mediaType};base64,${bytesToBase64(image.bytes)}`;
}

/** Raw base64 without a `data:` prefix (Kling's legacy API, Gemini's inline images). */
export function imageAsBase64(image: ImageInput & { kind: "bytes" }): string {
  return bytesToBase64(image.bytes);
}
