import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { embedMetadata } from "../../src/media/embedMetadata";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { fixture, makeTempDir } from "./support/fixtures";
import { FULL_META } from "./support/meta";

/**
 * Feeds randomly damaged files to inspect and embed. Each must end in success or a MediaError
 * within 1 s (a hang guard, not a speed test), never another exception, and a file that was
 * refused must be byte for byte what it was. The seed is fixed so that a failure reproduces;
 * set SHOTBIN_FUZZ_SEED to explore others.
 */

const CASES = 2400;
const SEED = Number(process.env.SHOTBIN_FUZZ_SEED ?? 20251124);

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offsets of the size fields of every box header we can find by type. */
const KNOWN_TYPES = [
  "ftyp", "moov", "mvhd", "trak", "tkhd", "edts", "elst", "mdia", "mdhd", "hdlr", "minf", "vmhd", "smhd", "dinf", "dref",
  "stbl", "stsd", "avc1", "avcC", "colr", "pasp", "btrt", "stts", "stss", "stsc", "stsz", "stco", "co64", "udta", "meta",
  "ilst", "mdat", "free", "wide", "uuid", "XMP_", "mp4a", "esds",
];

function boxSizeOffsets(buf: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 4; at + 4 <= buf.length; at++) {
    if (KNOWN_TYPES.includes(buf.toString("latin1", at, at + 4))) offsets.push(at - 4);
  }
  return offsets;
}

type Mutation = (buf: Buffer, random: () => number, sizes: number[]) => Buffer;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (buf, random) => buf.subarray(0, Math.floor(random() * buf.length)),
  "flip bytes": (buf, random) => {
    const out = Buffer.from(buf);
    const flips = 1 + Math.floor(random() * 8);
    for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  },
  "box size": (buf, random, sizes) => {
    const out = Buffer.from(buf);
    const at = pick(random, sizes);
    const old = out.readUInt32BE(at);
    const choices = [
      0, // "to end of file" in an odd place
      1, // 64-bit size follows (whatever bytes are there)
      7, // smaller than a header
      0xffffffff,
      old + 1 + Math.floor(random() * 64), // overrun the parent
      Math.max(0, old - 1 - Math.floor(random() * 16)), // cut short
      Math.floor(random() * 0x100000000),
    ];
    out.writeUInt32BE(pick(random, choices) >>> 0, at);
    if (random() < 0.3 && at + 16 <= out.length && out.readUInt32BE(at) === 1) {
      out.writeBigUInt64BE(BigInt(Math.floor(random() * 2 ** 40)), at + 8);
    }
    return out;
  },
  "xmp text": (buf, random) => {
    const out = Buffer.from(buf);
    const start = out.indexOf("<x:xmpmeta");
    if (start < 0) return out;
    const end = out.indexOf("</x:xmpmeta>", start) + 12;
    for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
      out[start + Math.floor(random() * (end - start))] = pick(random, [0x3c, 0x3e, 0x26, 0x22, 0x00, 0x41, 0xff]);
    }
    return out;
  },
};

function mutate(buf: Buffer, random: () => number, sizes: number[]): { bytes: Buffer; applied: string[] } {
  const applied: string[] = [];
  let bytes = buf;
  const rounds = random() < 0.2 ? 2 + Math.floor(random() * 3) : 1;
  for (let i = 0; i < rounds; i++) {
    const name = pick(random, Object.keys(MUTATIONS));
    applied.push(name);
    bytes = MUTATIONS[name]!(bytes, random, sizes.filter((at) => at + 4 <= bytes.length));
    if (bytes.length === 0) break;
  }
  return { bytes, applied };
}

async function attempt(file: string, operation: "inspect" | "embed"): Promise<"ok" | string> {
  const handle = await NodeRandomAccessFile.open(file, operation === "inspect" ? "read" : "readWrite");
  try {
    if (operation === "inspect") await inspectMedia(handle);
    else await embedMetadata(handle, FULL_META);
    return "ok";
  } catch (error) {
    if (error instanceof MediaError) return error.kind;
    throw error;
  } finally {
    await handle.close();
  }
}

it(`survives ${CASES} corrupted files (seed ${SEED})`, async () => {
  const dir = await makeTempDir("fuzz");
  try {
    // Bases: faststart, moov-last and MOV, each plain and already embedded (so XMP gets damaged too).
    const bases: Buffer[] = [];
    for (const name of ["tiny", "tiny-moov-last", "tiny-mov"] as const) {
      const plain = await fsp.readFile(await fixture(name));
      bases.push(plain);
      const copy = path.join(dir, `base-${name}`);
      await fsp.writeFile(copy, plain);
      expect(await attempt(copy, "embed")).toBe("ok");
      bases.push(await fsp.readFile(copy));
    }
    const sizeOffsets = bases.map(boxSizeOffsets);
    const random = mulberry32(SEED);
    const outcomes = new Map<string, number>();
    const file = path.join(dir, "case.mp4");
    for (let i = 0; i < CASES; i++) {
      const base = Math.floor(random() * bases.length);
      const { bytes, applied } = mutate(bases[base]!, random, sizeOffsets[base]!);
      await fsp.writeFile(file, bytes);
      const context = `case ${i} (base ${base}, ${applied.join(" + ")})`;
      for (const operation of ["inspect", "embed"] as const) {
        const started = performance.now();
        let outcome: string;
        try {
          outcome = await attempt(file, operation);
        } catch (error) {
          throw new Error(`${context}: ${operation} threw something other than a MediaError: ${error instanceof Error ? error.stack : String(error)}`);
        }
        const elapsed = performance.now() - started;
        // A runaway guard, not a speed check: a box walk that spins on a bad size takes minutes on
        // these small files, while a loaded CI worker can stall a few seconds on an fsync.
        if (elapsed > 15_000) throw new Error(`${context}: ${operation} took ${elapsed.toFixed(0)} ms`);
        if (outcome !== "ok" || operation === "inspect") {
          const after = await fsp.readFile(file);
          if (!after.equals(bytes)) throw new Error(`${context}: ${operation} ended in ${outcome} but changed the file`);
        }
        if (operation === "embed" && outcome === "ok") {
          // What we wrote must itself read back.
          const reread = await attempt(file, "inspect");
          if (reread !== "ok") throw new Error(`${context}: embed succeeded but inspect then failed with ${reread}`);
        }
        outcomes.set(`${operation} ${outcome}`, (outcomes.get(`${operation} ${outcome}`) ?? 0) + 1);
      }
    }
    // The fuzz must exercise both paths, or it proves nothing.
    expect(outcomes.get("embed ok") ?? 0).toBeGreaterThan(CASES * 0.05);
    expect(CASES - (outcomes.get("embed ok") ?? 0)).toBeGreaterThan(CASES * 0.2);
    expect([...outcomes.keys()].filter((key) => key.startsWith("embed ")).length).toBeGreaterThanOrEqual(4);
    process.stdout.write(`fuzz outcomes: ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}\n`);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}, 240_000);
