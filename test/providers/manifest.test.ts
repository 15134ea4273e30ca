import { readFileSync } from "node:fs";
import { join } from "node:path";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { PROVIDER_IDS } from "../../src/core/request";
import { PROVIDER_DESCRIPTIONS } from "../../src/providers/providerDescriptions";
import { createProviderRegistry } from "../../src/providers/registry";

const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "manifest.json"), "utf8"));
const domains: string[] = manifest.requiredPermissions.network.domains;

/** UXP's rule: an exact origin, or a `*.` wildcard for subdomains (never for the top-level domain). */
function allowedBy(pattern: string, origin: string): boolean {
  if (pattern === origin) return true;
  const wildcard = /^(https?|wss?):\/\/\*\.(.+)$/.exec(pattern);
  if (!wildcard) return false;
  const [scheme, host] = origin.split("://") as [string, string];
  return scheme === wildcard[1] && host.endsWith(`.${wildcard[2]}`) && !host.slice(0, -wildcard[2]!.length - 1).includes("*");
}

function covered(origin: string): boolean {
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

  it("lists the local relay's http and ws origins, with explicit ports", () => {
    for (const origin of ["http://localhost:8787", "ws://localhost:8787", "http://127.0.0.1:8787", "ws://127.0.0.1:8787"]) {
      expect(domains).toContain(origin);
    }
  });

  it("uses no top-level wildcard, which UXP 7.4+ rejects", () => {
    for (const pattern of domains) expect(pattern).not.toMatch(/:\/\/[^/]*\*[^.]/);
    for (const pattern of domains) expect(pattern).not.toMatch(/\.\*$/);
  });

  it("matches wildcards the way UXP does", () => {
    expect(allowedBy("https://*.fal.media", "https://v3.fal.media")).toBe(true);
    expect(allowedBy("https://*.fal.media", "https://fal.media")).toBe(false);
    expect(allowedBy("https://*.fal.media", "http://v3.fal.media")).toBe(false);
    expect(allowedBy("https://api.openai.com", "https://api.openai.com")).toBe(true);
  });
});
