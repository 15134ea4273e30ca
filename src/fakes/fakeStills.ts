import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { findFfmpegProgram } from "../media/ffmpegBinary";

/**
 * Real stills for the fake image APIs. A text-to-image result is a pattern drawn from a hash of
 * prompt, seed and index (so a test can tell results apart, and the same request draws the same
 * image); an edit is the first input image, decoded and scaled to the output size, tinted and
 * marked with a frame and a band chosen by the edit prompt, so it visibly derives from its input.
 * Pixels are drawn here as raw RGB; ffmpeg encodes (and decodes inputs) into PNG, JPEG or WebP.
 */

export type FakeStillFormat = "png" | "jpeg" | "webp";

export const FAKE_STILL_TYPES: Record<FakeStillFormat, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" };

function run(args: string[], input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(findFfmpegProgram("ffmpeg"), args, { stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg failed (${code}): ${err.slice(-400)}`))));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

function key(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** The pattern of a generated still: diagonal bands of three hashed colours and a disc. */
function drawPattern(seedText: string, width: number, height: number): Buffer {
  const k = key(seedText);
  const colours = [[k[0]!, k[1]!, k[2]!], [k[3]!, k[4]!, k[5]!], [k[6]!, k[7]!, k[8]!]];
  const angle = (k[9]! / 255) * Math.PI;
  const frequency = 2 + (k[10]! % 6);
  const cx = (k[11]! / 255) * width;
  const cy = (k[12]! / 255) * height;
  const r2 = ((0.12 + (k[13]! / 255) * 0.25) * Math.min(width, height)) ** 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const span = Math.max(width, height);
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let t = 0.5 + 0.5 * Math.sin(((x * cos + y * sin) / span) * frequency * Math.PI * 2);
      if ((x - cx) ** 2 + (y - cy) ** 2 < r2) t = 1 - t * 0.6;
      const [a, b, u] = t < 0.5 ? [colours[0]!, colours[1]!, t * 2] : [colours[1]!, colours[2]!, (t - 0.5) * 2];
      const at = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) rgb[at + c] = Math.round(a[c]! + (b[c]! - a[c]!) * u);
    }
  }
  return rgb;
}

/** An edit of `base` (raw RGB at the output size): a tint, a frame and a band from the edit prompt. */
function drawEdit(base: Buffer, editText: string, width: number, height: number): Buffer {
  const k = key(editText);
  const tint = [k[0]!, k[1]!, k[2]!];
  const border = Math.max(4, Math.round(Math.min(width, height) * 0.03));
  const bandStart = Math.floor((k[3]! / 255) * height * 0.7);
  const bandHeight = Math.floor(height * 0.1);
  const out = Buffer.from(base);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const mark = x < border || y < border || x >= width - border || y >= height - border || (y >= bandStart && y < bandStart + bandHeight && (x + y) % 32 < 16);
      for (let c = 0; c < 3; c++) out[at + c] = mark ? tint[c]! : Math.round(base[at + c]! * 0.8 + tint[c]! * 0.2);
    }
  }
  return out;
}

const ENCODERS: Record<FakeStillFormat, string[]> = {
  png: ["-c:v", "png", "-f", "image2pipe"],
  jpeg: ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p", "-f", "image2pipe"],
  webp: ["-c:v", "libwebp", "-quality", "80", "-f", "webp"],
};

async function encode(rgb: Buffer, width: number, height: number, format: FakeStillFormat): Promise<Buffer> {
  return run(["-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", `${width}x${height}`, "-i", "-", "-frames:v", "1", ...ENCODERS[format], "-"], rgb);
}

/** Any still ffmpeg can read, as raw RGB at `width`x`height` (stretched to fit). */
export async function decodeStill(bytes: Buffer, width: number, height: number): Promise<Buffer> {
  const rgb = await run(["-v", "error", "-i", "-", "-frames:v", "1", "-vf", `scale=${width}:${height}`, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], bytes);
  if (rgb.length !== width * height * 3) throw new Error("the input image could not be decoded");
  return rgb;
}

/** Width and height of a still ffmpeg can read (PNG IHDR read directly; others through ffmpeg's stderr). */
export async function stillSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  if (bytes.subarray(1, 4).toString("latin1") === "PNG") return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  const probe = await new Promise<string>((resolve) => {
    const child = spawn(findFfmpegProgram("ffmpeg"), ["-hide_banner", "-i", "-"], { stdio: ["pipe", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("close", () => resolve(err));
    child.stdin.on("error", () => undefined);
    child.stdin.end(bytes);
  });
  const match = /, (\d{2,5})x(\d{2,5})[,\s]/.exec(probe);
  if (!match) throw new Error("the input image could not be read");
  return { width: Number(match[1]), height: Number(match[2]) };
}

export interface StillOrder {
  prompt: string;
  seed: number;
  index: number;
  width: number;
  height: number;
  format: FakeStillFormat;
  /** The image being edited (its bytes); absent for text to image. */
  editOf?: Buffer;
}

export async function renderFakeStill(order: StillOrder): Promise<Buffer> {
  const { width, height } = order;
  const rgb = order.editOf
    ? drawEdit(await decodeStill(order.editOf, width, height), `${order.prompt}\u0000${order.seed}\u0000${order.index}`, width, height)
    : drawPattern(`${order.prompt}\u0000${order.seed}\u0000${order.index}`, width, height);
  return encode(rgb, width, height, order.format);
}

/** `w`x`h` in multiples of 16 for an aspect ratio and a pixel count. */
export function sizeFor(aspect: number, pixels: number): { width: number; height: number } {
  const width = Math.max(16, Math.round(Math.sqrt(pixels * aspect) / 16) * 16);
  const height = Math.max(16, Math.round(width / aspect / 16) * 16);
  return { width, height };
}

/** A data: URL's bytes, or an http(s) URL fetched; undefined when it is neither. */
export async function fetchImageReference(reference: string): Promise<Buffer | undefined> {
  const data = /^data:[\w/+.-]+;base64,(.*)$/s.exec(reference);
  if (data) return Buffer.from(data[1]!, "base64");
  if (/^https?:\/\//i.test(reference)) {
    const response = await fetch(reference);
    if (!response.ok) return undefined;
    return Buffer.from(await response.arrayBuffer());
  }
  return undefined;
}
