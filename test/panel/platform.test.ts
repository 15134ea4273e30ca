import { SecureKeyStore } from "../../src/panel/platform/secureKeyStore";
import { uxpLedgerStore } from "../../src/panel/platform/uxpLedgerStore";
import { fileUrl } from "../../src/panel/platform/filePicking";
import { binPathFor, defaultSettings, fileNameTemplateProblem, loadSettings, SETTINGS_KEY } from "../../src/panel/settings/panelSettings";
import type { UxpSecureStorage } from "../../src/panel/uxp/uxpModule";
import { MemoryUxpFs } from "./support/memoryUxpFs";
import { memoryStorage } from "./support/uxpStub";

describe("keys in UXP secureStorage", () => {
  it("decodes the bytes UXP answers, without TextDecoder, and reads each key once", async () => {
    const reads: string[] = [];
    const storage: UxpSecureStorage = {
      getItem: async (key) => {
        reads.push(key);
        if (key === "bytes") return new Uint8Array(Buffer.from("  sk-ключ-€  ", "utf8"));
        if (key === "buffer") return new Uint8Array(Buffer.from("r8_token", "utf8")).buffer;
        if (key === "empty") return new Uint8Array(0);
        if (key === "broken") throw new Error("keychain locked");
        return null;
      },
      setItem: async () => undefined,
      removeItem: async () => undefined,
    };
    const keys = new SecureKeyStore(storage);
    expect(await keys.get("bytes")).toBe("sk-ключ-€");
    expect(await keys.get("buffer")).toBe("r8_token");
    expect(await keys.get("empty")).toBeUndefined();
    expect(await keys.get("broken")).toBeUndefined();
    expect(await keys.get("missing")).toBeUndefined();
    await keys.get("bytes");
    expect(reads.filter((key) => key === "bytes")).toHaveLength(1);
  });

  it("trims what it stores, refuses an empty key and forgets a removed one", async () => {
    const stored = new Map<string, unknown>();
    const keys = new SecureKeyStore({
      getItem: async (key) => (stored.has(key) ? new Uint8Array(Buffer.from(String(stored.get(key)), "utf8")) : null),
      setItem: async (key, value) => void stored.set(key, value),
      removeItem: async (key) => void stored.delete(key),
    });
    await keys.set("fal.apiKey", "  fal-123 \n");
    expect(stored.get("fal.apiKey")).toBe("fal-123");
    await expect(keys.set("fal.apiKey", "   ")).rejects.toThrow(/empty/);
    await keys.remove("fal.apiKey");
    expect(await keys.has("fal.apiKey")).toBe(false);
  });
});

describe("the ledger file in the plugin data folder", () => {
  it("writes a temporary file and renames it over the ledger, and keeps an unreadable ledger aside", async () => {
    const fs = new MemoryUxpFs();
    const store = uxpLedgerStore(fs);
    expect(await store.load()).toBeUndefined();
    await store.save('{"version":1,"jobs":[]}');
    expect(fs.renames).toEqual([["plugin-data:/shotbin-ledger.json.writing", "plugin-data:/shotbin-ledger.json"]]);
    expect(await store.load()).toBe('{"version":1,"jobs":[]}');
    const aside = await store.quarantine("{broken");
    expect(aside).toMatch(/^plugin-data:\/shotbin-ledger\.unreadable-\d+\.json$/);
    expect(await fs.readFile(aside)).toBe("{broken");
  });
});

describe("panel settings", () => {
  it("start from defaults, and unreadable settings are kept aside with a message", () => {
    const storage = memoryStorage();
    expect(loadSettings(storage)).toEqual({ settings: defaultSettings() });
    storage.setItem(SETTINGS_KEY, JSON.stringify({ version: 1, binMode: "sideways" }));
    const loaded = loadSettings(storage);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.warning).toMatch(/binMode/);
    expect(storage.getItem(`${SETTINGS_KEY}.unreadable`)).toContain("sideways");
  });

  it("check the file-name template and name the sub-bin", () => {
    expect(fileNameTemplateProblem("{shot}_{slug}.mp4")).toBeUndefined();
    expect(fileNameTemplateProblem("{shots}.mp4")).toMatch(/\{shots\}, which Shotbin does not know/);
    expect(fileNameTemplateProblem("clips/{shot}.mp4")).toMatch(/path separator/);
    const now = new Date(2026, 10, 24, 23, 30).getTime();
    expect(binPathFor({ ...defaultSettings(), binMode: "daily" }, now)).toEqual(["Shotbin", "2026-11-24"]);
    expect(binPathFor({ ...defaultSettings(), binMode: "fixed", fixedBinName: "AI" }, now)).toEqual(["AI"]);
    expect(binPathFor({ ...defaultSettings(), binMode: "target" }, now)).toEqual([]);
    expect(binPathFor({ ...defaultSettings(), binMode: "daily" }, now, "Ep 3 list")).toEqual(["Shotbin", "Ep 3 list"]);
  });

  it("turn native paths into file URLs for the preview player", () => {
    expect(fileUrl("/Users/ana/Clips/shot #1?.mp4")).toBe("file:///Users/ana/Clips/shot%20%231%3F.mp4");
    expect(fileUrl("C:\\Clips\\a b.mp4")).toBe("file:///C:/Clips/a%20b.mp4");
  });
});
