import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { MediaError, type MediaErrorKind } from "../../src/core/errors";
import { embedMetadata } from "../../src/media/embedMetadata";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { findAll, topLevel } from "./support/boxes";
import { fixture, makeTempDir, workingCopy } from "./support/fixtures";
import { FULL_META } from "./support/meta";
import { sha256 } from "./support/readers";

/** Every refusal is a specific MediaError, and the file is left byte for byte as it was. */

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir("refusals");
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function expectRefused(file: string, kind: MediaErrorKind, message: RegExp, meta: unknown = FULL_META): Promise<void> {
  const before = await sha256(file);
  for (const attempt of ["inspect", "embed"] as const) {
    if (attempt === "inspect" && kind === "invalid-metadata") continue;
    const handle = await NodeRandomAccessFile.open(file, attempt === "inspect" ? "read" : "readWrite");
    try {
      const run = attempt === "inspect" ? inspectMedia(handle) : embedMetadata(handle, meta as typeof FULL_META);
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MediaError);
      expect({ attempt, kind: (error as MediaError).kind }).toEqual({ attempt, kind });
      expect((error as MediaError).message).toMatch(message);
      expect((error as MediaError).file).toBe(file);
    } finally {
      await handle.close();
    }
  }
  expect(await sha256(file)).toBe(before);
}

async function writeFile(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fsp.writeFile(file, bytes);
  return file;
}

describe("files that are not ISO-BMFF or QuickTime", () => {
  it.each([
    ["a PNG", Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex")],
    ["a text file", Buffer.from("Hello, this is not a video at all.\n")],
    ["an empty file", Buffer.alloc(0)],
    ["a 5-byte file", Buffer.from([0, 0, 0, 8, 0x66])],
  ])("refuses %s", async (name, bytes) => {
    await expectRefused(await writeFile(`${name}.mp4`, bytes), "not-media", /not an MP4 or MOV/);
  });
});

it("refuses an ISO file whose brands Adobe's handler would not claim", async () => {
  const buf = await fsp.readFile(await fixture("both"));
  const ftyp = topLevel(buf)[0]!;
  buf.write("iso6", 8, "latin1");
  for (let at = 16; at < ftyp.size; at += 4) buf.write(at % 8 === 0 ? "cmfc" : "iso6", at, "latin1");
  await expectRefused(await writeFile("cmaf.mp4", buf), "unsupported-brand", /brands \(iso6, .*cmfc.*\) include none/);
});

describe("truncated files", () => {
  it("refuses a moov-last file cut inside mdat (no moov yet)", async () => {
    const buf = await fsp.readFile(await fixture("untagged"));
    const mdat = topLevel(buf).find((box) => box.type === "mdat")!;
    await expectRefused(await writeFile("cut-mdat.mp4", buf.subarray(0, mdat.start + 1000)), "truncated", /truncated/);
  });

  it("refuses a faststart file cut inside mdat", async () => {
    const buf = await fsp.readFile(await fixture("faststart"));
    await expectRefused(await writeFile("cut-faststart.mp4", buf.subarray(0, buf.length - 100)), "truncated", /mdat.*truncated/);
  });

  it("refuses a file cut inside moov", async () => {
    const buf = await fsp.readFile(await fixture("untagged"));
    const moov = topLevel(buf).find((box) => box.type === "moov")!;
    await expectRefused(await writeFile("cut-moov.mp4", buf.subarray(0, moov.start + 200)), "truncated", /moov.*truncated/);
  });

  it("refuses a file with only ftyp and mdat", async () => {
    const buf = await fsp.readFile(await fixture("untagged"));
    const moov = topLevel(buf).find((box) => box.type === "moov")!;
    await expectRefused(await writeFile("no-moov.mp4", buf.subarray(0, moov.start)), "truncated", /no 'moov' box/);
  });
});

it("refuses a moov over 100 MiB", async () => {
  const buf = await fsp.readFile(await fixture("untagged"));
  const ftyp = buf.subarray(0, topLevel(buf)[0]!.size);
  const header = Buffer.alloc(8);
  const moovSize = 101 * 1024 * 1024;
  header.writeUInt32BE(moovSize, 0);
  header.write("moov", 4, "latin1");
  const file = await writeFile("huge-moov.mp4", Buffer.concat([ftyp, header]));
  await fsp.truncate(file, ftyp.length + moovSize); // sparse: no disk is used for the zeros
  await expectRefused(file, "too-large", /101\.0 MiB.*100 MiB/);
});

it("refuses a fragmented MP4 whose moov would have to grow and that ends with an mfra index", async () => {
  const file = await workingCopy("fragmented", dir);
  await expectEmbedRefused(file, "fragmented", /fragmented MP4 and its 'moov' would have to grow/);
});

it("refuses a fragmented MP4 with room for a colr but an mfra index at the end", async () => {
  const file = await workingCopy("fragmented-colr-mfra", dir);
  const buf = await fsp.readFile(file);
  expect(topLevel(buf).at(-1)?.type).toBe("mfra");
  expect(findAll(buf, ["moov", "mvex"]).length).toBe(1);
  expect(findAll(buf, ["moov", "trak", "mdia", "minf", "stbl", "stsd"]).length).toBeGreaterThan(0);
  await expectEmbedRefused(file, "fragmented", /ends with its fragment index \('mfra'\)/);
});

async function expectEmbedRefused(file: string, kind: MediaErrorKind, message: RegExp): Promise<void> {
  const before = await sha256(file);
  const handle = await NodeRandomAccessFile.open(file, "readWrite");
  const error = await embedMetadata(handle, FULL_META).then(
    () => undefined,
    (e: unknown) => e,
  );
  await handle.close();
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).kind).toBe(kind);
  expect((error as MediaError).message).toMatch(message);
  expect(await sha256(file)).toBe(before);
}

it("refuses invalid metadata before touching the file", async () => {
  const file = await workingCopy("both", dir, "bad-meta.mp4");
  await expectRefused(file, "invalid-metadata", /generatedAt.*currency|currency.*generatedAt/, {
    ...FULL_META,
    generatedAt: "yesterday",
    currency: undefined,
  });
});

it("refuses to discard XMP that is not well-formed", async () => {
  const buf = await fsp.readFile(await fixture("both"));
  const packet = Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="">');
  const header = Buffer.alloc(24);
  header.writeUInt32BE(24 + packet.length, 0);
  header.write("uuid", 4, "latin1");
  Buffer.from("be7acfcb97a942e89c71999491e3afac", "hex").copy(header, 8);
  const file = await writeFile("bad-xmp.mp4", Buffer.concat([buf, header, packet]));
  await expectEmbedRefused(file, "corrupt", /XMP already in this file \(uuid\) is not well-formed.*not closed/);
  // inspect still reports the rest, with the XMP error named.
  const handle = await NodeRandomAccessFile.open(file, "read");
  const report = await inspectMedia(handle);
  await handle.close();
  expect(report.xmp?.error).toMatch(/not closed/);
});

describe("a last box of size 0 too large for 32 bits (sparse 4.3 GB files)", () => {
  async function bigFile(name: string, withFree: boolean): Promise<{ file: string; mdatStart: number; size: number }> {
    const buf = await fsp.readFile(await fixture("faststart"));
    const boxes = topLevel(buf);
    const keep = boxes.filter((box) => box.type === "ftyp" || box.type === "moov" || (withFree && box.type === "free"));
    const head = Buffer.concat(keep.map((box) => buf.subarray(box.start, box.start + box.size)));
    const mdatHeader = Buffer.from([0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74]);
    const file = await writeFile(name, Buffer.concat([head, mdatHeader]));
    const size = 4.3e9;
    await fsp.truncate(file, size);
    return { file, mdatStart: head.length, size };
  }

  async function headerAt(file: string, at: number, length: number): Promise<Buffer> {
    const handle = await fsp.open(file, "r");
    const out = Buffer.alloc(length);
    await handle.read(out, 0, length, at);
    await handle.close();
    return out;
  }

  it("takes the 8 bytes for a 64-bit size from the free box before it, so mdat's payload stays put", async () => {
    const { file, mdatStart, size } = await bigFile("big-with-free.mp4", true);
    const handle = await NodeRandomAccessFile.open(file, "readWrite");
    const summary = await embedMetadata(handle, FULL_META);
    await handle.close();
    expect(summary.sizeFixed).toEqual({ type: "mdat", offset: mdatStart - 8, size: size - (mdatStart - 8) });
    const header = await headerAt(file, mdatStart - 8, 16);
    expect(header.readUInt32BE(0)).toBe(1);
    expect(header.toString("latin1", 4, 8)).toBe("mdat");
    expect(Number(header.readBigUInt64BE(8))).toBe(size - (mdatStart - 8));
    const reread = await NodeRandomAccessFile.open(file, "read");
    const report = await inspectMedia(reread);
    await reread.close();
    expect(report.boxes.map((box) => box.type)).toEqual(["ftyp", "moov", "mdat", "uuid"]);
    expect(report.xmp?.shotbin?.prompt).toBe(FULL_META.prompt);
  });

  it("refuses when there is no such box, leaving the file as it was", async () => {
    const { file, mdatStart } = await bigFile("big-without-free.mp4", false);
    const before = await headerAt(file, 0, mdatStart + 8);
    const handle = await NodeRandomAccessFile.open(file, "readWrite");
    const error = await embedMetadata(handle, FULL_META).catch((e: unknown) => e);
    await handle.close();
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).kind).toBe("unsupported-layout");
    expect((error as MediaError).message).toMatch(/size 0.*too large for a 32-bit size/);
    expect((await fsp.stat(file)).size).toBe(4.3e9);
    expect(await headerAt(file, 0, mdatStart + 8)).toEqual(before);
  });
});
