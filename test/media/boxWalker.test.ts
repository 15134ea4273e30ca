import { MediaError } from "../../src/core/errors";
import { readChildBoxes, readTopLevelBoxes, XMP_UUID } from "../../src/media/boxWalker";
import { memoryFile } from "./support/memoryFile";

function box(type: string, payload: number[] | Uint8Array = []): number[] {
  const size = 8 + payload.length;
  return [size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255, ...Array.from(type, (c) => c.charCodeAt(0)), ...payload];
}

async function topLevel(bytes: number[]) {
  return readTopLevelBoxes(memoryFile(Uint8Array.from(bytes)), bytes.length);
}

async function errorOf(promise: Promise<unknown>): Promise<MediaError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MediaError);
  return error as MediaError;
}

describe("readTopLevelBoxes", () => {
  it("reads 32-bit, 64-bit and to-the-end sizes and uuid user types", async () => {
    const uuid = Array.from(XMP_UUID.match(/../g)!, (h) => parseInt(h, 16));
    const large = [0, 0, 0, 1, ...Array.from("mdat", (c) => c.charCodeAt(0)), 0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4];
    const bytes = [...box("ftyp", [0x69, 0x73, 0x6f, 0x6d, 0, 0, 0, 0]), ...large, ...box("uuid", [...uuid, 9]), 0, 0, 0, 0, ...Array.from("free", (c) => c.charCodeAt(0)), 7, 7];
    const boxes = await topLevel(bytes);
    expect(boxes.map((b) => [b.type, b.start, b.size, b.headerSize, b.sizeField])).toEqual([
      ["ftyp", 0, 16, 8, "u32"],
      ["mdat", 16, 20, 16, "u64"],
      ["uuid", 36, 25, 24, "u32"],
      ["free", 61, 10, 8, "to-end"],
    ]);
    expect(boxes[2]!.userType).toBe(XMP_UUID);
  });

  it("calls a box that runs past the end truncated", async () => {
    const error = await errorOf(topLevel([...box("ftyp", [1, 2, 3, 4, 5, 6, 7, 8]), 0, 0, 1, 0, ...Array.from("mdat", (c) => c.charCodeAt(0)), 1, 2]));
    expect(error.kind).toBe("truncated");
    expect(error.message).toMatch(/'mdat' box at offset 16 needs 256 bytes but the file ends 10 bytes into it/);
  });

  it("calls a header cut off at the end truncated, and an impossible size corrupt", async () => {
    expect((await errorOf(topLevel([...box("ftyp", [1, 2, 3, 4, 5, 6, 7, 8]), 0, 0, 0]))).kind).toBe("truncated");
    expect((await errorOf(topLevel([...box("ftyp", [1, 2, 3, 4, 5, 6, 7, 8]), 0, 0, 0, 5, 0x66, 0x72, 0x65, 0x65]))).kind).toBe("corrupt");
  });
});

describe("readChildBoxes", () => {
  it("stops at QuickTime's zero terminator", () => {
    const bytes = Uint8Array.from([...box("XMP_", [1, 2]), 0, 0, 0, 0]);
    expect(readChildBoxes(bytes, 0, bytes.length, "moov/udta").map((b) => b.type)).toEqual(["XMP_"]);
  });

  it("refuses size 0 inside a parent, overruns, and stray bytes, naming the path", () => {
    const zero = Uint8Array.from([0, 0, 0, 0, 0x61, 0x62, 0x63, 0x64, 1, 2]);
    expect(() => readChildBoxes(zero, 0, zero.length, "moov/trak[1]")).toThrow(/inside moov\/trak\[1\] has size 0/);
    const over = Uint8Array.from([0, 0, 0, 99, 0x61, 0x62, 0x63, 0x64, 1, 2]);
    expect(() => readChildBoxes(over, 0, over.length, "moov")).toThrow(/claims 99 bytes but its parent has only 10 left/);
    const stray = Uint8Array.from([...box("abcd"), 1, 2, 3]);
    expect(() => readChildBoxes(stray, 0, stray.length, "moov")).toThrow(/3 stray bytes at the end of moov/);
  });
});
