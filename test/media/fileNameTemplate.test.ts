import * as path from "node:path";
import { MediaError } from "../../src/core/errors";
import { utf8Encode } from "../../src/core/text/utf8";
import { isSafeFileName, MAX_NAME_BYTES, numberedName, renderFileName, sanitizeFileName, slugify } from "../../src/media/fileNameTemplate";

const TEMPLATE = "{shot}_{slug}_{model}_{seed}.mp4";

describe("renderFileName", () => {
  it("fills the template", () => {
    expect(renderFileName(TEMPLATE, { shot: "S01", slug: "A Fox at Dawn!", model: "veo-3.1-generate-preview", seed: 42 })).toBe(
      "S01_a-fox-at-dawn_veo-3.1-generate-preview_42.mp4",
    );
  });

  it("keeps non-Latin text and drops accents only in slugs", () => {
    expect(renderFileName("{shot}_{slug}.mp4", { shot: "Café", slug: "Crème brûlée 日本語" })).toBe("Café_creme-brulee-日本語.mp4");
  });

  it("closes the gaps of missing values", () => {
    expect(renderFileName(TEMPLATE, { shot: "S01", model: "kling-2.6" })).toBe("S01_kling-2.6.mp4");
    expect(renderFileName(TEMPLATE, {})).toBe("clip.mp4");
  });

  it("refuses unknown placeholders and templates that are paths", () => {
    expect(() => renderFileName("{shot}_{prompt}.mp4", {})).toThrow(/\{prompt\}/);
    expect(() => renderFileName("clips/{shot}.mp4", {})).toThrow(MediaError);
    expect(() => renderFileName("..\\{shot}.mp4", {})).toThrow(/path separator/);
  });

  it.each([
    ["../../etc/passwd", "etc-passwd_m.mp4"],
    ["..", "m.mp4"],
    ["a/b\\c", "a-b-c_m.mp4"],
    ['what: "is" <this>? *|', "what-is-this-_m.mp4"],
  ])("never lets a value (%j) become a path", (shot, expected) => {
    const name = renderFileName("{shot}_{model}.mp4", { shot, model: "m" });
    expect(name).toBe(expected);
    expect(path.basename(name)).toBe(name);
    expect(path.join("/dest", name).startsWith("/dest/")).toBe(true);
  });
});

describe("sanitizeFileName", () => {
  it.each(["CON", "prn", "Aux", "NUL", "COM1", "lpt9", "COM¹"])("prefixes the Windows device name %s", (device) => {
    expect(sanitizeFileName(`${device}.mp4`)).toBe(`_${device}.mp4`);
    expect(sanitizeFileName(`${device}.take2.mp4`)).toBe(`_${device}.take2.mp4`);
  });

  it("removes trailing dots and spaces, leading dots, controls and bidi overrides", () => {
    expect(sanitizeFileName("shot. . ")).toBe("shot.mp4");
    expect(sanitizeFileName(".hidden.mp4")).toBe("hidden.mp4");
    expect(sanitizeFileName("a\u0000b\u0007c.mp4")).toBe("a-b-c.mp4");
    expect(sanitizeFileName("invoice\u202Egpj.mp4")).toBe("invoice-gpj.mp4");
  });

  it("normalises to NFC, so macOS and Windows agree on the name", () => {
    expect(sanitizeFileName("Cafe\u0301.mp4")).toBe("Caf\u00e9.mp4");
  });

  it("limits the length in UTF-8 bytes without splitting a character", () => {
    const name = sanitizeFileName(`${"🎬".repeat(100)}.mp4`);
    expect(utf8Encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith("🎬.mp4")).toBe(true);
    expect(() => encodeURIComponent(name)).not.toThrow(); // throws on a lone surrogate
  });

  it("adds a video extension when there is none", () => {
    expect(sanitizeFileName("take 3")).toBe("take 3.mp4");
    expect(sanitizeFileName("take.MOV")).toBe("take.mov");
  });
});

it("numbers names without exceeding the limit", () => {
  expect(numberedName("a.mp4", 1)).toBe("a.mp4");
  expect(numberedName("a.mp4", 12)).toBe("a_12.mp4");
  const long = sanitizeFileName(`${"x".repeat(400)}.mp4`);
  expect(utf8Encode(numberedName(long, 999)).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
});

it("tells safe names from unsafe ones", () => {
  expect(isSafeFileName("S01_fox.mp4")).toBe(true);
  for (const bad of ["", "../x.mp4", "x/y.mp4", "CON.mp4", "x?.mp4", "x.mp4 ", "x"]) expect(isSafeFileName(bad)).toBe(false);
});

it("slugifies to at most 48 characters", () => {
  expect(slugify("  Hello,   World!! ")).toBe("hello-world");
  expect(Array.from(slugify("word ".repeat(40))).length).toBeLessThanOrEqual(48);
});
