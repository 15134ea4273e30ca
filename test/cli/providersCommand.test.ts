/**
 * `shotbin providers` cites only documents that exist: every URL it prints is one of the
 * providers' own pages in the one table of links (providerDescriptions.ts) that Settings opens too,
 * and no price source points at a file a user does not have (the team's research notes) or at a
 * pattern instead of a page.
 */
import { providersCommand } from "../../src/cli/providersCommand";
import { allModels } from "../../src/providers/catalog";
import { PROVIDER_DESCRIPTIONS } from "../../src/providers/providerDescriptions";

async function output(args: string[]): Promise<string> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    expect(await providersCommand.run(args)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return chunks.join("");
}

const TABLE_URLS = new Set(PROVIDER_DESCRIPTIONS.flatMap((provider) => (provider.links ? [provider.links.keys, provider.links.pricing, provider.links.docs] : [])));

describe("shotbin providers", () => {
  it("prints each provider's key, pricing and docs page from the one table, and no other URL", async () => {
    const text = await output([]);
    const urls = text.match(/https?:\/\/[^\s,;)]+/g) ?? [];
    expect(urls.length).toBeGreaterThanOrEqual(18);
    expect(urls.filter((url) => !TABLE_URLS.has(url))).toEqual([]);
    for (const provider of PROVIDER_DESCRIPTIONS) {
      if (!provider.links) continue;
      expect(text).toContain(`get one at ${provider.links.keys}`);
      expect(text).toContain(`pricing: ${provider.links.pricing}`);
      expect(text).toContain(`docs: ${provider.links.docs}`);
    }
  });

  it("gives every provider but the simulator https links, and cites no notes, section signs or URL patterns as a source", async () => {
    for (const provider of PROVIDER_DESCRIPTIONS) {
      if (provider.id === "simulator") {
        expect(provider.links).toBeUndefined();
        continue;
      }
      for (const url of Object.values(provider.links!)) expect(new URL(url).protocol).toBe("https:");
    }
    for (const model of allModels()) expect([model.id, model.price.source]).not.toEqual([model.id, expect.stringMatching(/providers\.md|§|\*|llms\.txt|https?:/)]);
    const json = JSON.parse(await output(["--json"])) as { providers: { id: string; links?: object }[] };
    expect(json.providers.find((provider) => provider.id === "gemini")?.links).toEqual(PROVIDER_DESCRIPTIONS.find((provider) => provider.id === "gemini")?.links);
  });
});
