import { readFileSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { PROVIDER_IDS } from "../../src/core/request";
import { PROVIDER_DESCRIPTIONS } from "../../src/providers/providerDescriptions";
import { createProviderRegistry } from "../../src/providers/registry";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "manifest.json"), "utf8"));
const domains: string[] | "all" = manifest.requiredPermissions.network.domains;
const { packagedManifest, packagedManifestProblems } = require("../../webpack/packagedManifest") as {
  packagedManifest(content: Buffer): Buffer;
  packagedManifestProblems(manifest: object): string[];
};

/** UXP's rule: an exact origin, or a `*.` wildcard for subdomains (never for the top-level domain). */
function allowedBy(pattern: string, origin: string): boolean {
  if (pattern === origin) return true;
  const wildcard = /^(https?|wss?):\/\/\*\.(.+)$/.exec(pattern);
  if (!wildcard) return false;
  const [scheme, host] = origin.split("://") as [string, string];
  return scheme === wildcard[1] && host.endsWith(`.${wildcard[2]}`) && !host.slice(0, -wildcard[2]!.length - 1).includes("*");
}

function covered(origin: string): boolean {
  if (domains === "all") return true;
  const concrete = origin.replace("://*.", "://probe.");
  return domains.some((pattern) => allowedBy(pattern, origin) || allowedBy(pattern, concrete));
}

describe("manifest.json", () => {
  const registry = createProviderRegistry({ context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore({}) } });

  it("is a v5 Premiere manifest with one panel and its icons", () => {
    expect(manifest.manifestVersion).toBe(5);
    expect(manifest.host).toEqual({ app: "premierepro", minVersion: "25.6.0" });
    expect(manifest.entrypoints).toHaveLength(1);
    expect(manifest.entrypoints[0]).toMatchObject({ type: "panel", id: "shotbinPanel" });
    for (const icon of [...manifest.icons, ...manifest.entrypoints[0].icons]) {
      expect(() => readFileSync(join(__dirname, "..", "..", "plugin", icon.path))).not.toThrow();
    }
  });

  it("builds every provider the product names", () => {
    expect(registry.all().map((provider) => provider.id).sort()).toEqual([...PROVIDER_IDS].sort());
  });

  it("lists every host an adapter can call with its default settings", () => {
    const missing: string[] = [];
    for (const provider of registry.all()) {
      expect(provider.networkOrigins.every((origin) => /^(https?|wss?):\/\//.test(origin))).toBe(true);
      for (const origin of provider.networkOrigins) if (!covered(origin)) missing.push(`${provider.id}: ${origin}`);
    }
    for (const description of PROVIDER_DESCRIPTIONS) {
      if (description.defaultBaseUrl && !covered(new URL(description.defaultBaseUrl).origin)) missing.push(`${description.id}: ${description.defaultBaseUrl}`);
    }
    expect(missing).toEqual([]);
  });

  it("allows every origin, so a studio's own relay and provider gateways work without a rebuild, and names no development host", () => {
    expect(domains).toBe("all");
    expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(packagedManifestProblems(manifest)).toEqual([]);
  });

  it("lets the panel open https pages (Settings' key and pricing links) through shell.openExternal", () => {
    expect(manifest.requiredPermissions.launchProcess.schemes).toContain("https");
  });

  it("refuses to package development hosts, a list of origins, several hosts or no https launch scheme", () => {
    const listed = { ...manifest, requiredPermissions: { ...manifest.requiredPermissions, network: { domains: ["https://api.openai.com", "http://localhost:8787", "ws://127.0.0.1:8787"] } } };
    expect(packagedManifestProblems(listed)).toEqual([
      expect.stringContaining('must be "all"'),
      "http://localhost:8787 is a development host and must not be packaged",
      "ws://127.0.0.1:8787 is a development host and must not be packaged",
    ]);
    expect(packagedManifestProblems({ ...manifest, host: [manifest.host, { app: "PS", minVersion: "26.0.0" }] })).toEqual([expect.stringContaining("host is a list")]);
    const noHttps = { ...manifest, requiredPermissions: { ...manifest.requiredPermissions, launchProcess: { schemes: ["mailto"], extensions: [] } } };
    expect(packagedManifestProblems(noHttps)).toEqual([expect.stringContaining("launchProcess.schemes")]);
    // The build's copy step (webpack.config.js) fails on any of them, and passes the real manifest through byte for byte.
    expect(() => packagedManifest(Buffer.from(JSON.stringify(listed)))).toThrow(/cannot be packaged:\n- .*\n- http:\/\/localhost:8787 is a development host/);
    const real = readFileSync(join(__dirname, "..", "..", "manifest.json"));
    expect(packagedManifest(real).equals(real)).toBe(true);
  });

  it("matches wildcards the way UXP does", () => {
    expect(allowedBy("https://*.fal.media", "https://v3.fal.media")).toBe(true);
    expect(allowedBy("https://*.fal.media", "https://fal.media")).toBe(false);
    expect(allowedBy("https://*.fal.media", "http://v3.fal.media")).toBe(false);
    expect(allowedBy("https://api.openai.com", "https://api.openai.com")).toBe(true);
  });
});
