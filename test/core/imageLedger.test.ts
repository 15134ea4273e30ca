import { readFileSync } from "node:fs";
import { join } from "node:path";
import { planImageJob } from "../../src/core/imageJobRecord";
import { splitImageRequest } from "../../src/core/imageValidation";
import { Ledger } from "../../src/core/ledger";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { findImageModel } from "../../src/providers/imageCatalog";
import { ManualClock } from "../support/manualClock";
import { pngImage } from "../support/requests";
import { imageRequest } from "../support/stills";

const BEFORE = readFileSync(join(__dirname, "fixtures", "ledger-before-stills.json"), "utf8");

function imageJob(fields: Record<string, unknown> = {}, provider: "openai" | "simulator" = "simulator", model = "shotbin-sim-image") {
  const request = imageRequest(provider, model, fields);
  const [part] = splitImageRequest(findImageModel(provider, model)!, request);
  return planImageJob({ request: part!.request, estimate: part!.cost, shot: { shotId: "F1", order: 1, take: 1 }, inputImagePaths: ["/frames/source.png"] }, Date.parse("2026-12-01T10:00:00Z"));
}

describe("image jobs in the ledger", () => {
  it("loads a ledger written before Shotbin made stills (a file from the previous release), unchanged", async () => {
    const store = memoryLedgerStore(BEFORE);
    const { ledger, warning } = await Ledger.open(store, new ManualClock());
    expect(warning).toBeUndefined();
    expect(ledger.jobs().map((job) => [job.shot.shotId, job.state])).toEqual([
      ["12A", "downloaded"],
      ["12B", "planned"],
    ]);
    expect(ledger.imageJobs()).toEqual([]);
    expect(ledger.relayCursor()).toBe(41);
    // Saved again with no stills, it is the same data: no imageJobs key appears.
    await ledger.setRelayCursor(41);
    expect(JSON.parse(store.text!)).toEqual(JSON.parse(BEFORE));
  });

  it("keeps image jobs beside video jobs: saved, reloaded, never listed as video jobs", async () => {
    const store = memoryLedgerStore(BEFORE);
    const clock = new ManualClock();
    const { ledger } = await Ledger.open(store, clock);
    const job = imageJob({ count: 2, seed: 4, inputImages: [{ ...pngImage("source.png"), lineage: { file: "source.png", jobId: "shotbin-earlier-still-job" } }] });
    await ledger.addImages([job]);
    await ledger.transitionImage(job.id, "submitting");
    await ledger.transitionImage(job.id, "succeeded", { handle: { provider: "simulator", model: "shotbin-sim-image", id: "x", idempotencyKey: job.id, submittedAt: new Date(clock.now()).toISOString(), data: {} }, outputs: [{ path: "/f/a.png" }, { path: "/f/b.png" }], files: [{ path: "/f/a.png" }, { path: "/f/b.png" }] });
    await ledger.updateImage(job.id, { files: [{ path: "/f/a.png", sha256: "a".repeat(64), embedded: true }, { path: "/f/b.png" }] });
    const saved = JSON.parse(store.text!) as { jobs: unknown[]; imageJobs: Array<Record<string, unknown>> };
    expect(saved.jobs).toHaveLength(2);
    expect(saved.imageJobs).toHaveLength(1);
    expect(JSON.stringify(saved.imageJobs)).not.toMatch(/"bytes"/);

    const reopened = (await Ledger.open(store, clock)).ledger;
    expect(reopened.jobs()).toHaveLength(2);
    expect(reopened.get(job.id)).toBeUndefined();
    const back = reopened.requireImage(job.id);
    expect(back).toMatchObject({ kind: "image", state: "succeeded", files: [{ sha256: "a".repeat(64), embedded: true }, { path: "/f/b.png" }] });
    expect(back.request).toMatchObject({ count: 2, seed: 4, outputFormat: "png", inputImages: [{ name: "source.png", path: "/frames/source.png", mediaType: "image/png", lineage: { jobId: "shotbin-earlier-still-job" } }] });
    expect(back.history.map((h) => h.state)).toEqual(["planned", "submitting", "succeeded"]);
  });

  it("keeps ids unique across video and image jobs, and counts stills in the money spent", async () => {
    const { ledger } = await Ledger.open(memoryLedgerStore(BEFORE), new ManualClock());
    const video = ledger.jobs()[0]!;
    const clash = { ...imageJob(), id: video.id };
    await expect(ledger.addImages([clash])).rejects.toThrow("already in the ledger");
    const before = ledger.spentUsd();
    const paid = imageJob({ quality: "high", count: 3 }, "openai", "gpt-image-1.5");
    await ledger.addImages([paid]);
    expect(ledger.spentUsd()).toBe(before);
    await ledger.transitionImage(paid.id, "submitting");
    expect(ledger.spentUsd()).toBeCloseTo(before + 3 * 0.133, 6);
  });

  it("reads an unknown price back as NaN, as video estimates do", async () => {
    const store = memoryLedgerStore();
    const { ledger } = await Ledger.open(store, new ManualClock());
    const job = imageJob();
    await ledger.addImages([{ ...job, estimate: { ...job.estimate, usd: Number.NaN, usdPerImage: Number.NaN } }]);
    const back = (await Ledger.open(store, new ManualClock())).ledger.requireImage(job.id);
    expect(Number.isNaN(back.estimate.usd)).toBe(true);
  });

  it("tells image subscribers, not video subscribers, about stills", async () => {
    const { ledger } = await Ledger.open(memoryLedgerStore(), new ManualClock());
    const video: string[] = [];
    const images: string[] = [];
    ledger.subscribe((job) => video.push(job.state));
    ledger.subscribeImages((job) => images.push(job.state));
    const job = imageJob();
    await ledger.addImages([job]);
    await ledger.transitionImage(job.id, "submitting");
    expect(video).toEqual([]);
    expect(images).toEqual(["planned", "submitting"]);
  });
});
