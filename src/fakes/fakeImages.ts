/** How the fakes check an image a request carries: a URL, a `data:` URL or raw base64, by the provider's rules. */

export type ImageFormat = "png" | "jpeg" | "webp" | "bmp";

export function sniffImage(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "webp";
  if (bytes.length >= 2 && bytes.toString("latin1", 0, 2) === "BM") return "bmp";
  return undefined;
}

export interface ImageRules {
  dataUrl: boolean;
  rawBase64: boolean;
  formats: readonly ImageFormat[];
}

export type ImageCheck = { ok: true; form: "url" | "data-url" | "base64"; format?: ImageFormat } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Checks one image reference; `reason` is written to be put after the field name. */
export function checkImageReference(value: unknown, rules: ImageRules): ImageCheck {
  if (typeof value !== "string" || value.length === 0) return { ok: false, reason: "is required" };
  if (/^https?:\/\//i.test(value)) return { ok: true, form: "url" };
  let form: "data-url" | "base64";
  let payload: string;
  const dataUrl = /^data:([\w/+.-]+);base64,(.*)$/s.exec(value);
  if (dataUrl) {
    if (!rules.dataUrl) return { ok: false, reason: "must be a URL or raw Base64 without a data: prefix" };
    form = "data-url";
    payload = dataUrl[2] ?? "";
  } else {
    if (!rules.rawBase64) return { ok: false, reason: "must be a public URL or a data URL (data:image/png;base64,...)" };
    form = "base64";
    payload = value;
  }
  if (!BASE64.test(payload)) return { ok: false, reason: "is not valid Base64" };
  const format = sniffImage(Buffer.from(payload, "base64"));
  if (!format || !rules.formats.includes(format)) return { ok: false, reason: `must be a ${rules.formats.join(", ")} image` };
  return { ok: true, form, format };
}
