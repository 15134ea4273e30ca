import { spawnSync } from "node:child_process";
import { findFfmpegProgram } from "../../src/media/ffmpegBinary";
import { createIdempotencyKey, type ProviderId } from "../../src/core/request";
import type { ResolvedImageRequest } from "../../src/core/imageRequest";
import { validateImageRequest } from "../../src/core/imageValidation";
import { findImageModel } from "../../src/providers/imageCatalog";

/** Test helpers for stills: a validated image request, and what the pixels of a still look like. */

export function imageRequest(provider: ProviderId, model: string, fields: Record<string, unknown> = {}): ResolvedImageRequest {
  const spec = findImageModel(provider, model);
  if (!spec) throw new Error(`no image model ${provider}/${model}`);
  const result = validateImageRequest(spec, { provider, model, prompt: "A lighthouse on a cliff at dusk", idempotencyKey: createIdempotencyKey(), ...fields });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join("; "));
  return result.request;
}

export function formatOf(bytes: Uint8Array): "png" | "jpeg" | "webp" | undefined {
  const b = Buffer.from(bytes);
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") return "webp";
  return undefined;
}

/** The still decoded by ffmpeg and scaled to 32x32 RGB: enough to compare pictures. */
export function thumbnail(bytes: Uint8Array): Buffer {
  const result = spawnSync(findFfmpegProgram("ffmpeg"), ["-v", "error", "-i", "-", "-frames:v", "1", "-vf", "scale=32:32:flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { input: Buffer.from(bytes), maxBuffer: 1 << 24 });
  if (result.status !== 0 || result.stdout.length !== 32 * 32 * 3) throw new Error(`ffmpeg could not decode the still: ${result.stderr.toString()}`);
  return result.stdout;
}

/** Mean absolute difference of two stills' thumbnails, 0 (same picture) to 255. */
export function pixelDistance(a: Uint8Array, b: Uint8Array): number {
  const x = thumbnail(a);
  const y = thumbnail(b);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}

/**
 * Pearson correlation of two stills' thumbnails: near 1 when one is the other retouched (an edit
 * keeps the picture's structure), near 0 for unrelated pictures.
 */
export function similarity(a: Uint8Array, b: Uint8Array): number {
  const x = thumbnail(a);
  const y = thumbnail(b);
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Width and height as ffprobe sees them. */
export function dimensions(bytes: Uint8Array): { width: number; height: number } {
  const result = spawnSync(findFfmpegProgram("ffprobe"), ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", "-i", "-"], { input: Buffer.from(bytes) });
  const [width, height] = result.stdout.toString().trim().split(",").map(Number);
  return { width: width!, height: height! };
}

export function dataUrl(bytes: Uint8Array, type = "image/png"): string {
  return `data:${type};base64,${Buffer.from(bytes).toString("base64")}`;
}
