import { base64ToBytes, base64UrlToText, bytesToBase64, bytesToHex, hexToBytes, textToBase64Url } from "../../src/core/text/base64";
import { utf8Decode, utf8Encode } from "../../src/core/text/utf8";

const samples = ["", "plain ASCII", "newline\nand \"quotes\" <&>", "café ñ", "日本語のプロンプト", "emoji 🎬🦊", "\u0000\u007f\u0080\u07ff\u0800\uffff", "𝄞 surrogate pair"];

describe("UTF-8 without TextEncoder", () => {
  it.each(samples)("matches Node's encoder and round-trips %j", (text) => {
    const bytes = utf8Encode(text);
    expect(Buffer.from(bytes).equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(utf8Decode(bytes)).toBe(text);
  });

  it("decodes invalid input to U+FFFD as TextDecoder does", () => {
    const bad = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x8e], [0xc0, 0xaf], [0x61, 0x80, 0x62]];
    for (const bytes of bad) {
      expect(utf8Decode(Uint8Array.from(bytes))).toBe(new TextDecoder().decode(Uint8Array.from(bytes)));
    }
  });

  it("encodes a lone surrogate as U+FFFD", () => {
    expect(utf8Decode(utf8Encode("a\ud800b"))).toBe("a\ufffdb");
  });

  it("decodes long texts without overflowing the call stack", () => {
    const long = "shot ".repeat(100_000);
    expect(utf8Decode(utf8Encode(long))).toBe(long);
  });
});

describe("base64 and hex without Buffer", () => {
  it("agrees with Node", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(Buffer.from(base64ToBytes(Buffer.from(bytes).toString("base64"))).equals(Buffer.from(bytes))).toBe(true);
    expect(bytesToHex(bytes)).toBe(Buffer.from(bytes).toString("hex"));
    expect(Buffer.from(hexToBytes("DEADbeef")).toString("hex")).toBe("deadbeef");
    expect(textToBase64Url("¿hola?>>")).toBe(Buffer.from("¿hola?>>").toString("base64url"));
    expect(base64UrlToText(Buffer.from("shot 12 🎬").toString("base64url"))).toBe("shot 12 🎬");
  });
});
