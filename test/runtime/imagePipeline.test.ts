import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { planImageJob, type ImageJobRecord } from "../../src/core/imageJobRecord";
import { ImageJobPipeline } from "../../src/core/imageJobPipeline";
import { splitImageRequest } from "../../src/core/imageValidation";
import { JobPipeline } from "../../src/core/jobPipeline";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import { createIdempotencyKey, type ProviderId } from "../../src/core/request";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { inspectMediaFile } from "../../src/media/mediaFile";
import type { MediaReport } from "../../src/media/inspectMedia";
import { nodeAssetSource } from "../../src/media/nodeAssetSource";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import type { StillReport } from "../../src/media/stills/inspectStill";
import { createImageProviderRegistry } from "../../src/providers/imageRegistry";
import { createProviderRegistry, fakeProviderSettings } from "../../src/providers/registry";
import { createImagePipelineDeps } from "../../src/runtime/imagePipelineDeps";
import { createPipelineDeps } from "../../src/runtime/pipelineDeps";
import { FAST_POLL, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";
import { exiftoolXmp } from "../media/support/readers";

const fake = useFakeProviders();
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-images-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runtime() {
  const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
  const context = { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore(VALID_KEYS), retry: { baseDelayMs: 5 } };
  const settings = fakeProviderSettings(fake().origin);
  const images = createImageProviderRegistry({ context, settings, simulator: { queueMs: 20, runMs: 40 } });
  const seams = { clock: systemClock, fetch: globalFetch(), files: nodeFileSystem, assets: nodeAssetSource(join(__dirname, "..", "..", "assets", "clips")) };
  const stills = new ImageJobPipeline(createImagePipelineDeps({ ledger, registry: images, seams, settings: { mediaFolder: folder, pollPolicy: FAST_POLL } }));
  const videos = new JobPipeline(
    createPipelineDeps({
      ledger,
      registry: createProviderRegistry({ context, settings, simulator: { queueMs: 20, runMs: 40 } }),
      seams,
      settings: { mediaFolder: folder, fileNameTemplate: "{shot}_{slug}_{model}.mp4", pollPolicy: FAST_POLL },
    }),
  );
  const still = async (provider: ProviderId, model: string, fields: Record<string, unknown> = {}, shotId = "F1", inputImagePaths: string[] = []): Promise<ImageJobRecord[]> => {
    const checked = images.check({ provider, model, prompt: "Harbour at dawn — 港の夜明け\nwith gulls", idempotencyKey: createIdempotencyKey(), ...fields });
    if (!checked.ok) throw new Error(checked.issues.map((issue) => issue.message).join("; "));
    const jobs = splitImageRequest(images.model(provider, model)!, checked.request).map((part, i) => planImageJob({ request: part.request, estimate: part.cost, shot: { shotId, order: i, take: 1 }, inputImagePaths }, Date.now()));
    await ledger.addImages(jobs);
    const done: ImageJobRecord[] = [];
    for (const job of jobs) done.push(await stills.advance(job.id));
    return done;
  };
  return { ledger, still, videos };
}

async function sha256(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}

describe("stills through the image pipeline over real services", () => {
  it.each<[ProviderId, string, Record<string, unknown>]>([
    ["openai", "gpt-image-1.5", { quality: "low", outputFormat: "jpeg" }],
    ["gemini", "gemini-3-pro-image-preview", { aspectRatio: "4:3" }],
    ["fal", "fal-ai/flux-2-pro", { seed: 21 }],
    ["replicate", "bytedance/seedream-4.5", {}],
    ["simulator", "shotbin-sim-image", { seed: 3 }],
  ])("%s %s: the still is on disk with its XMP and its hash in the ledger", async (provider, model, fields) => {
    const [job] = await (await runtime()).still(provider, model, fields);
    expect(job!.failure).toBeUndefined();
    expect(job!.state).toBe("ready");
    const file = job!.files![0]!;
    expect(file.embedded).toBe(true);
    expect(file.sha256).toBe(await sha256(file.path));
    const tags = await exiftoolXmp(file.path);
    expect(tags).toMatchObject({ "XMP-shotbin:Provider": provider, "XMP-shotbin:Model": model, "XMP-shotbin:Prompt": "Harbour at dawn — 港の夜明け\nwith gulls", "XMP-shotbin:IdempotencyKey": job!.id });
    expect(tags["XMP-shotbin:JobId"]).toBe(job!.handle!.id);
    if (job!.seed !== undefined) expect(String(tags["XMP-shotbin:Seed"])).toBe(String(job!.seed));
    if (provider === "openai") expect(basename(file.path)).toMatch(/\.jpg$/);
  });

  it("a clip animated from a still records the still's file name, hash and job; an edit of it too", async () => {
    const { still, videos, ledger } = await runtime();
    const [made] = await still("simulator", "shotbin-sim-image", { seed: 8, aspectRatio: "16:9" });
    const frame = made!.files![0]!;
    const lineage = { file: basename(frame.path), jobId: made!.id, providerJobId: made!.handle!.id };
    const bytes = new Uint8Array(await readFile(frame.path));

    const [edit] = await still("simulator", "shotbin-sim-image", { prompt: "add a boat", inputImages: [{ kind: "bytes", bytes, mediaType: "image/png", name: lineage.file, lineage: { ...lineage, sha256: frame.sha256 } }] }, "F2", [frame.path]);
    const editReport = (await inspectMediaFile(nodeFileSystem, edit!.files![0]!.path)) as StillReport;
    expect(editReport.xmp?.shotbin).toMatchObject({ sourceStill: lineage.file, sourceStillJob: made!.id, sourceStillSha256: frame.sha256, referenceImages: [lineage.file] });

    const request = resolvedRequest("simulator", "shotbin-sim", { firstFrame: { kind: "bytes", bytes, mediaType: "image/png", name: lineage.file, lineage } });
    const job = planJob({ request, estimate: { usd: 0, usdPerSecond: 0, billedSeconds: 5, confirmed: true, source: "built in", asOf: "2026-12-01" }, shot: { shotId: "12A", order: 0, take: 1 }, imagePaths: { firstFrame: frame.path } }, Date.now());
    await ledger.add([job]);
    const clip = await videos.advance(job.id, "ready");
    expect(clip.failure).toBeUndefined();
    expect(ledger.require(job.id).request.firstFrame?.lineage).toMatchObject({ jobId: made!.id });
    const report = (await inspectMediaFile(nodeFileSystem, clip.file!)) as MediaReport;
    expect(report.xmp?.shotbin).toMatchObject({ sourceStill: lineage.file, sourceStillJob: made!.id, sourceStillSha256: await sha256(frame.path) });
    expect((await exiftoolXmp(clip.file!))["XMP-shotbin:SourceStillSha256"]).toBe(await sha256(frame.path));
  });
});
