import { BitReader, unescapeRbsp } from "../../src/media/bitReader";
import { buildColr, decideColour, describeColour, parseColr } from "../../src/media/colourTags";

describe("decideColour", () => {
  it("defaults to Rec.709 limited when nobody says anything", () => {
    expect(decideColour({ bitstream: {} })).toEqual({
      tags: { primaries: 1, transfer: 1, matrix: 1, fullRange: false },
      sources: { primaries: "default", transfer: "default", matrix: "default", fullRange: "default" },
      conflicts: [],
    });
  });

  it("takes each field from the bitstream first, then the provider, then the old colr", () => {
    const decision = decideColour({
      bitstream: { primaries: 9 },
      provider: { primaries: 1, transfer: 16 },
      existing: { transfer: 1, matrix: 9, fullRange: true },
    });
    expect(decision.tags).toEqual({ primaries: 9, transfer: 16, matrix: 9, fullRange: true });
    expect(decision.sources).toEqual({ primaries: "bitstream", transfer: "provider", matrix: "existing colr", fullRange: "existing colr" });
    expect(decision.conflicts).toEqual(["provider says primaries 1 but the bitstream says 9; kept the bitstream's"]);
  });
});

it("builds and parses nclx (19 bytes) and nclc (18 bytes)", () => {
  const tags = { primaries: 9, transfer: 16, matrix: 9, fullRange: true };
  const nclx = buildColr("nclx", tags);
  expect(Array.from(nclx)).toEqual([0, 0, 0, 19, 0x63, 0x6f, 0x6c, 0x72, 0x6e, 0x63, 0x6c, 0x78, 0, 9, 0, 16, 0, 9, 0x80]);
  expect(parseColr(nclx, { type: "colr", start: 0, headerSize: 8, size: 19, end: 19, sizeField: "u32" }, "t").colour).toEqual(tags);
  const nclc = buildColr("nclc", tags);
  expect(nclc.length).toBe(18);
  expect(parseColr(nclc, { type: "colr", start: 0, headerSize: 8, size: 18, end: 18, sizeField: "u32" }, "t").colour).toEqual({ primaries: 9, transfer: 16, matrix: 9 });
  expect(describeColour(tags)).toBe("primaries BT.2020 (9), transfer PQ (16), matrix BT.2020 NCL (9), full range");
});

describe("bit reading", () => {
  it("removes emulation prevention bytes", () => {
    expect(Array.from(unescapeRbsp(Uint8Array.from([0, 0, 3, 1, 0, 0, 3, 0, 3])))).toEqual([0, 0, 1, 0, 0, 0, 3]);
  });

  it("reads Exp-Golomb codes and fails cleanly at the end", () => {
    // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3; se(4) = -2
    const reader = new BitReader(Uint8Array.from([0b10100110, 0b01000010, 0b10000000]));
    expect([reader.ue(), reader.ue(), reader.ue(), reader.ue(), reader.se()]).toEqual([0, 1, 2, 3, -2]);
    expect(() => new BitReader(Uint8Array.from([0])).ue()).toThrow(/ends early/);
  });
});
