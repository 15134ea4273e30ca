/**
 * Draws the plugin's PNG icons (a clapperboard) at each size UXP asks for. The PNGs are committed;
 * run `npx tsx scripts/make-icons.ts` only to change them.
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { join } from "node:path";

type Rgba = [number, number, number, number];

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const offset = y * (size * 4 + 1) + 1 + x * 4;
      pixel(x, y).forEach((value, i) => (rows[offset + i] = value));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A clapperboard in unit coordinates: a slate with a striped top bar and a play mark. */
function clapper(ink: Rgba, accent: Rgba): (u: number, v: number) => Rgba | undefined {
  return (u, v) => {
    const inSlate = u > 0.1 && u < 0.9 && v > 0.36 && v < 0.88;
    const inBar = u > 0.1 && u < 0.9 && v > 0.14 && v < 0.3;
    if (inBar) return Math.floor((u - 0.1 + (0.3 - v)) * 7) % 2 === 0 ? ink : undefined;
    if (inSlate) {
      const cu = (u - 0.42) / 0.22;
      const cv = (v - 0.62) / 0.16;
      const inPlay = cu >= 0 && cu <= 1 && Math.abs(cv) <= 1 - cu;
      return inPlay ? accent : ink;
    }
    return undefined;
  };
}

function draw(size: number, ink: Rgba, accent: Rgba): Buffer {
  const shape = clapper(ink, accent);
  const clear: Rgba = [0, 0, 0, 0];
  return png(size, (x, y) => shape((x + 0.5) / size, (y + 0.5) / size) ?? clear);
}

const dir = join(__dirname, "..", "plugin", "icons");
const light: Rgba = [216, 216, 216, 255];
const dark: Rgba = [50, 50, 50, 255];
const blue: Rgba = [45, 156, 219, 255];
const clearAccent: Rgba = [0, 0, 0, 0];
writeFileSync(join(dir, "panel-dark.png"), draw(23, light, clearAccent));
writeFileSync(join(dir, "panel-dark@2x.png"), draw(46, light, clearAccent));
writeFileSync(join(dir, "panel-light.png"), draw(23, dark, clearAccent));
writeFileSync(join(dir, "panel-light@2x.png"), draw(46, dark, clearAccent));
writeFileSync(join(dir, "plugin.png"), draw(48, blue, [255, 255, 255, 255]));
writeFileSync(join(dir, "plugin@2x.png"), draw(96, blue, [255, 255, 255, 255]));
