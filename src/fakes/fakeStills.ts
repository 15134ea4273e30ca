import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { findFfmpegProgram } from "../media/ffmpegBinary";

/**
 * Real stills for the fake image APIs, drawn and encoded by ffmpeg in its own process (so the fake
 * server's event loop stays free). A text-to-image result is a pattern chosen by a hash of prompt,
 * seed and index (a test can tell results apart, and the same request draws the same image); an
 * edit is the first input image scaled to the output size, tinted and framed in a colour chosen
 * by the edit prompt, so it visibly derives from its input.
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

const ENCODERS: Record<FakeStillFormat, string[]> = {
  png: ["-c:v", "png", "-f", "image2pipe"],
  jpeg: ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p", "-f", "image2pipe"],
  webp: ["-c:v", "libwebp", "-quality", "80", "-f", "webp"],
};

const hex = (rgb: number[]) => `0x${rgb.map((v) => v.toString(16).padStart(2, "0")).join("")}`;

/**
 * The pattern of a generated still, drawn by ffmpeg's `geq` (in its own process, so the fake's
 * event loop stays free): diagonal bands through three hashed colours, and a disc.
 */
function patternFilter(seedText: string, width: number, height: number): string {
  const k = key(seedText);
  const angle = (k[9]! / 255) * Math.PI;
  const step = ((2 + (k[10]! % 6)) * 2 * Math.PI) / Math.max(width, height);
  const a = (Math.cos(angle) * step).toFixed(6);
  const b = (Math.sin(angle) * step).toFixed(6);
  const cx = Math.round((k[11]! / 255) * width);
  const cy = Math.round((k[12]! / 255) * height);
  const r = Math.round((0.12 + (k[13]! / 255) * 0.25) * Math.min(width, height));
  // ld(0): the band value 0..1; inside the disc it is flipped.
  const t = `st(0,0.5+0.5*sin(X*${a}+Y*${b}));st(0,if(lt(hypot(X-${cx},Y-${cy}),${r}),1-0.6*ld(0),ld(0)))`;
  const channel = (c: number) => {
    const [c0, c1, c2] = [k[c]!, k[3 + c]!, k[6 + c]!];
    return `${t};if(lt(ld(0),0.5),${c0}+(${c1 - c0})*2*ld(0),${c1}+(${c2 - c1})*(2*ld(0)-1))`;
  };
  return `geq=r='${channel(0)}':g='${channel(1)}':b='${channel(2)}'`;
}

/** An edit: the input scaled to the output size, tinted and framed in a colour chosen by the edit prompt. */
function editFilter(editText: string, width: number, height: number): string {
  const k = key(editText);
  const colour = hex([k[0]!, k[1]!, k[2]!]);
  const border = Math.max(3, Math.round(Math.min(width, height) * 0.02));
  return `scale=${width}:${height},format=rgb24,drawbox=x=0:y=0:w=iw:h=ih:color=${colour}@0.125:t=fill,drawbox=x=0:y=0:w=iw:h=ih:color=${colour}:t=${border}`;
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
  const text = `${order.prompt}\u0000${order.seed}\u0000${order.index}`;
  if (order.editOf) {
    return run(["-v", "error", "-i", "-", "-frames:v", "1", "-vf", editFilter(text, width, height), ...ENCODERS[order.format], "-"], order.editOf);
  }
  // Drawn at an eighth of the size and scaled up: the bands are smooth, and geq is slow per pixel.
  const small = [Math.max(2, Math.ceil(width / 8)), Math.max(2, Math.ceil(height / 8))] as const;
  const source = ["-f", "lavfi", "-i", `nullsrc=s=${small[0]}x${small[1]}:d=1,format=rgb24,${patternFilter(text, small[0], small[1])},scale=${width}:${height}:flags=bicubic`];
  return run(["-v", "error", ...source, "-frames:v", "1", ...ENCODERS[order.format], "-"], Buffer.alloc(0));
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
