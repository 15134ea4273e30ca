/**
 * The first and last frames a create request carries, read where each provider's API puts them
 * and in the form it takes them: Veo's inline base64 (`bytesBase64Encoded` or `inlineData.data`),
 * Kling's `contents[]` URLs or data URLs (and the legacy `image` / `image_tail`, raw base64), a
 * URL or data URL in DashScope's `img_url`, fal's and Replicate's `*_url` / `image` fields, and
 * OpenAI's multipart `input_reference` file or `input_reference[image_url]`.
 */
import type { FakeProviderName } from "./faults";
import { asRecord } from "./httpUtil";

/** An image as the request gave it: its bytes, or a URL the fake would have to fetch. */
export type RequestImage = { bytes: Buffer } | { url: string };

export interface RequestFrames {
  first?: RequestImage;
  last?: RequestImage;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A string field as an image: a data URL or raw base64 gives bytes, an http(s) URL stays a URL. */
export function imageFromText(value: unknown): RequestImage | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (/^https?:\/\//i.test(value)) return { url: value };
  const data = /^data:[\w/+.-]+;base64,(.*)$/s.exec(value);
  const payload = data ? (data[1] ?? "") : value;
  return BASE64.test(payload) ? { bytes: Buffer.from(payload, "base64") } : undefined;
}

function veoImage(value: unknown): RequestImage | undefined {
  const image = asRecord(value);
  if (!image) return undefined;
  const inline = asRecord(image.inlineData);
  return imageFromText(inline ? inline.data : image.bytesBase64Encoded);
}

function firstOf(record: Record<string, unknown>, fields: string[]): RequestImage | undefined {
  for (const field of fields) {
    const image = imageFromText(record[field]);
    if (image) return image;
  }
  return undefined;
}

export function requestFrames(provider: FakeProviderName, input: Record<string, unknown>): RequestFrames {
  switch (provider) {
    case "gemini": {
      const instance = Array.isArray(input.instances) ? asRecord(input.instances[0]) : undefined;
      return instance ? { first: veoImage(instance.image), last: veoImage(instance.lastFrame) } : {};
    }
    case "kling": {
      if (Array.isArray(input.contents)) {
        const contents: unknown[] = input.contents;
        const of = (type: string) => imageFromText(asRecord(contents.find((entry) => asRecord(entry)?.type === type))?.url);
        return { first: of("first_frame"), last: of("last_frame") };
      }
      return { first: imageFromText(input.image), last: imageFromText(input.image_tail) };
    }
    case "dashscope": {
      const inner = asRecord(input.input) ?? {};
      return { first: firstOf(inner, ["img_url", "first_frame_url"]), last: firstOf(inner, ["last_frame_url"]) };
    }
    case "fal":
      return { first: firstOf(input, ["image_url", "first_frame_url", "start_image_url"]), last: firstOf(input, ["last_frame_url", "end_image_url", "tail_image_url"]) };
    case "replicate":
      return { first: firstOf(input, ["image", "start_image", "first_frame_image"]), last: firstOf(input, ["last_frame", "end_image"]) };
    case "openai": {
      const file = asRecord(input.input_reference);
      if (file && typeof file.bytes === "string") return { first: { bytes: Buffer.from(file.bytes, "base64") } };
      return { first: imageFromText(input["input_reference[image_url]"]) };
    }
  }
}
