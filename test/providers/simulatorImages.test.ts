import { readFileSync } from "node:fs";
import { join } from "node:path";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { globalFetch } from "../../src/core/seams/http";
import type { ImageDownloadSource } from "../../src/core/imageProvider";
import { createImageProviderRegistry } from "../../src/providers/imageRegistry";
import { createProviderRegistry } from "../../src/providers/registry";
import { createSimulatorImagesProvider } from "../../src/providers/simulatorImages";
import { readSimPattern } from "../../src/providers/simulatorStill";
import { ManualClock } from "../support/manualClock";
import { dimensions, formatOf, imageRequest, similarity } from "../support/stills";

function bytesOf(source: ImageDownloadSource): Uint8Array {
  if (source.kind !== "bytes") throw new Error("the simulator draws stills locally");
  return source.image.bytes;
}

describe("simulator stills", () => {
  it("are usable with no key, beside the image routes that have one; OpenAI's image route is on by default", async () => {
    const registry = createImageProviderRegistry({ context: { fetch: globalFetch(), clock: new ManualClock(), keys: staticKeyStore({ "fal.apiKey": "k" }) } });
    expect(await registry.usable()).toEqual(["simulator", "fal"]);
    expect(registry.isEnabled("openai")).toBe(true);
    const off = createImageProviderRegistry({ context: { fetch: globalFetch(), clock: new ManualClock(), keys: staticKeyStore({}) }, imageSettings: { openai: { enabled: false } } });
    expect(off.isEnabled("openai")).toBe(false);
  });

  it("need no network host that the video routes (and so manifest.json) do not already allow", () => {
    const context = { fetch: globalFetch(), clock: new ManualClock(), keys: staticKeyStore({}) };
    const video = new Set(createProviderRegistry({ context }).all().flatMap((provider) => provider.networkOrigins));
    const images = createImageProviderRegistry({ context }).all().flatMap((provider) => provider.networkOrigins);
    expect(images.filter((origin) => !video.has(origin))).toEqual([]);
  });

  it("move through queued and running on the clock, then draw PNGs that depend on prompt and seed only", async () => {
    const clock = new ManualClock();
    const sim = createSimulatorImagesProvider({ clock });
    const request = imageRequest("simulator", "shotbin-sim-image", { count: 2, seed: 99, aspectRatio: "9:16" });
    const { handle } = await sim.submit(request);
    expect(await sim.status(handle)).toEqual({ state: "queued" });
    clock.advance(400);
    expect((await sim.status(handle)).state).toBe("running");
    clock.advance(2000);
    const status = await sim.status(handle);
    expect(status).toMatchObject({ state: "succeeded", seed: 99, chargedUsd: 0 });
    const first = bytesOf(await sim.download(handle, 0));
    const second = bytesOf(await sim.download(handle, 1));
    expect(formatOf(first)).toBe("png");
    expect(dimensions(first)).toEqual({ width: 432, height: 768 });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);

    const again = await sim.submit({ ...request, idempotencyKey: "shotbin-another-key-1" });
    clock.advance(5000);
    expect(Buffer.from(bytesOf(await sim.download(again.handle, 0))).equals(Buffer.from(first))).toBe(true);
    const otherSeed = await sim.submit({ ...request, seed: 100, idempotencyKey: "shotbin-another-key-2" });
    clock.advance(5000);
    expect(similarity(bytesOf(await sim.download(otherSeed.handle, 0)), first)).toBeLessThan(0.9);
  });

  it("edit a still they drew by redrawing its pattern with a mark, at its size", async () => {
    const clock = new ManualClock();
    const sim = createSimulatorImagesProvider({ clock });
    const made = await sim.submit(imageRequest("simulator", "shotbin-sim-image", { seed: 5, aspectRatio: "1:1" }));
    clock.advance(5000);
    const source = bytesOf(await sim.download(made.handle, 0));
    const edit = await sim.submit(imageRequest("simulator", "shotbin-sim-image", { prompt: "add a boat", inputImages: [{ kind: "bytes", bytes: source, mediaType: "image/png", name: "frame.png" }] }));
    clock.advance(5000);
    const edited = bytesOf(await sim.download(edit.handle, 0));
    expect(dimensions(edited)).toEqual({ width: 576, height: 576 });
    expect(readSimPattern(edited)).toMatchObject({ key: readSimPattern(source)!.key, edits: [expect.any(String)] });
    expect(similarity(edited, source)).toBeGreaterThan(0.6);
  });

  it("refuse on cue, to rehearse a content-policy failure", async () => {
    const clock = new ManualClock();
    const sim = createSimulatorImagesProvider({ clock, refuseWhenPromptIncludes: "forbidden" });
    const { handle } = await sim.submit(imageRequest("simulator", "shotbin-sim-image", { prompt: "a forbidden door" }));
    clock.advance(5000);
    expect(await sim.status(handle)).toMatchObject({ state: "failed", failure: { kind: "content-policy", charged: false } });
  });

  it("are drawn without Node, Buffer, TextEncoder or crypto.subtle, so the panel bundle can run them in UXP", () => {
    for (const file of ["simulatorStill.ts", "simulatorImages.ts", "simulatorImageModels.ts"]) {
      const text = readFileSync(join(__dirname, "..", "..", "src", "providers", file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(text).not.toMatch(/from "node:|require\(|\bBuffer\b|TextEncoder|TextDecoder|crypto\.subtle/);
    }
    const crc = readFileSync(join(__dirname, "..", "..", "src", "core", "bytes", "crc32.ts"), "utf8");
    expect(crc).not.toMatch(/from "node:|\bBuffer\b/);
  });
});
