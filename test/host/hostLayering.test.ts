/**
 * Import rules of src/host, checked on the source: the host layer imports only src/core (and the
 * official types), and the fake, which the browser harness bundles, uses no Node APIs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const HOST = resolve(__dirname, "../../src/host");
const CORE = resolve(__dirname, "../../src/core");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*import\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm)].map((m) => ({
    specifier: m[2] as string,
    typeOnly: Boolean(m[1]),
  }));
}

describe("src/host imports", () => {
  const files = sources(HOST);

  it("has files to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(HOST, f), f]))("%s imports only src/core, src/host and the official types", (_name, file) => {
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (specifier === "@adobe/premierepro") {
        expect({ specifier, typeOnly }).toEqual({ specifier, typeOnly: true });
        continue;
      }
      expect(specifier.startsWith(".")).toBe(true);
      const target = resolve(file, "..", specifier);
      expect(target.startsWith(HOST) || target.startsWith(CORE)).toBe(true);
    }
  });

  it.each(sources(join(HOST, "fake")).map((f) => [relative(HOST, f), f]))("%s uses no Node API", (_name, file) => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/\brequire\(|\bprocess\.|\bBuffer\b|__dirname|from "node:|from "(fs|path|os)"/);
  });
});
