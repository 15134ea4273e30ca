/**
 * A deliberately separate, minimal box reader for tests (not the code under test): it finds
 * top-level boxes and nested paths, and converts `stco` to `co64` for the co64 fixture.
 */
export interface TestBox {
  type: string;
  start: number;
  size: number;
  headerSize: number;
}

export function children(buf: Buffer, start: number, end: number): TestBox[] {
  const boxes: TestBox[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    let headerSize = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(at + 8));
      headerSize = 16;
    } else if (size === 0) size = end - at;
    if (size < headerSize || at + size > end) throw new Error(`bad box ${type} at ${at}`);
    boxes.push({ type, start: at, size, headerSize });
    at += size;
  }
  return boxes;
}

export function topLevel(buf: Buffer): TestBox[] {
  return children(buf, 0, buf.length);
}

/** Every box at `path` (e.g. ["moov", "trak", "mdia", "minf", "stbl", "stco"]). */
export function findAll(buf: Buffer, path: readonly string[], within?: TestBox): TestBox[] {
  const [head, ...rest] = path;
  const list = within ? children(buf, within.start + within.headerSize, within.start + within.size) : topLevel(buf);
  const matches = list.filter((box) => box.type === head);
  return rest.length === 0 ? matches : matches.flatMap((box) => findAll(buf, rest, box));
}

function header(type: string, payloadLength: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32BE(8 + payloadLength, 0);
  out.write(type, 4, "latin1");
  return out;
}

const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl"]);

function rebuild(buf: Buffer, box: TestBox): Buffer {
  const payloadStart = box.start + box.headerSize;
  const payloadEnd = box.start + box.size;
  if (box.type === "stco") {
    const count = buf.readUInt32BE(payloadStart + 4);
    const payload = Buffer.alloc(8 + count * 8);
    buf.copy(payload, 0, payloadStart, payloadStart + 8);
    for (let i = 0; i < count; i++) payload.writeBigUInt64BE(BigInt(buf.readUInt32BE(payloadStart + 8 + i * 4)), 8 + i * 8);
    return Buffer.concat([header("co64", payload.length), payload]);
  }
  if (!CONTAINERS.has(box.type)) return buf.subarray(box.start, payloadEnd);
  const parts = children(buf, payloadStart, payloadEnd).map((child) => rebuild(buf, child));
  const payload = Buffer.concat(parts);
  return Buffer.concat([header(box.type, payload.length), payload]);
}

/** For a file whose moov comes after mdat: the same file with 64-bit chunk offsets. */
export function convertToCo64(buf: Buffer): Buffer {
  const boxes = topLevel(buf);
  const moov = boxes.find((box) => box.type === "moov");
  const mdat = boxes.find((box) => box.type === "mdat");
  if (!moov || !mdat || moov.start < mdat.start) throw new Error("convertToCo64 needs a moov-last file");
  return Buffer.concat([buf.subarray(0, moov.start), rebuild(buf, moov), buf.subarray(moov.start + moov.size)]);
}
