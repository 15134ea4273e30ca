import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { DIST, ensurePanelBundle } from "../../src/harness/bundles";
import { PackageError, packageCcx } from "../../src/cli/packageCommand";

jest.setTimeout(180_000);

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), "shotbin-ccx-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function plugin(manifest: object): string {
  const dist = path.join(work, "dist");
  mkdirSync(path.join(dist, "icons"), { recursive: true });
  writeFileSync(path.join(dist, "manifest.json"), JSON.stringify(manifest));
  writeFileSync(path.join(dist, "index.html"), "<script src='index.js'></script>");
  writeFileSync(path.join(dist, "index.js"), "module.exports = 1;");
  writeFileSync(path.join(dist, "icons", "plugin.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  return dist;
}

describe("package-ccx", () => {
  it("zips the plugin folder with manifest.json at the root and every file byte for byte", () => {
    const dist = plugin({ id: "com.example.test", main: "index.html", host: { app: "premierepro", minVersion: "25.6.0" } });
    const out = path.join(work, "test.ccx");
    const result = packageCcx(dist, out);
    const entries = unzipSync(new Uint8Array(readFileSync(out)));
    expect(Object.keys(entries).sort()).toEqual(["icons/plugin.png", "index.html", "index.js", "manifest.json"]);
    expect(result.entries).toEqual(Object.keys(entries).sort());
    for (const name of Object.keys(entries)) expect(Buffer.from(entries[name]!)).toEqual(readFileSync(path.join(dist, name)));
  });

  it("refuses a folder without a manifest, a manifest for several hosts, and a missing main file", () => {
    const empty = path.join(work, "empty");
    mkdirSync(empty);
    expect(() => packageCcx(empty, path.join(work, "a.ccx"))).toThrow(/run `npm run build` first/);
    const multi = plugin({ id: "x", main: "index.html", host: [{ app: "premierepro" }, { app: "PS" }] });
    expect(() => packageCcx(multi, path.join(work, "b.ccx"))).toThrow(PackageError);
    const noMain = plugin({ id: "x", main: "panel.html", host: { app: "premierepro" } });
    expect(() => packageCcx(noMain, path.join(work, "c.ccx"))).toThrow(/"panel.html"/);
  });

  it("packages the real build: manifest, page, both bundle files, icons and the simulator's clips", async () => {
    await ensurePanelBundle();
    const out = path.join(work, "shotbin.ccx");
    packageCcx(DIST, out);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(out))));
    expect(names).toEqual(expect.arrayContaining(["manifest.json", "index.html", "index.js", "panel.js", "icons/plugin.png", "assets/clips/sim_16x9_5s.mp4"]));
    const manifestText = Buffer.from(unzipSync(new Uint8Array(readFileSync(out)))["manifest.json"]!).toString("utf8");
    const manifest = JSON.parse(manifestText);
    expect(manifest.host).toEqual({ app: "premierepro", minVersion: "25.6.0" });
    // Any relay a studio runs works without a rebuild; the harness's development hosts are not in the package.
    expect(manifest.requiredPermissions.network).toEqual({ domains: "all" });
    expect(manifestText).not.toMatch(/localhost|127\.0\.0\.1|\[::1\]/);
    expect(readFileSync(path.join(DIST, "manifest.json"), "utf8")).toBe(manifestText);
  });
});
