import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JobPipeline } from "../../src/core/jobPipeline";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import type { ProviderId } from "../../src/core/request";
import { Scheduler } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { globalFetch } from "../../src/core/seams/http";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { inspectMedia } from "../../src/media/inspectMedia";
import { nodeAssetSource } from "../../src/media/nodeAssetSource";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { createProviderRegistry, fakeProviderSettings } from "../../src/providers/registry";
import { createPipelineDeps } from "../../src/runtime/pipelineDeps";
import { FAST_POLL, useFakeProviders, VALID_KEYS } from "../support/fakeProviders";
import { resolvedRequest } from "../support/requests";

const fake = useFakeProviders();
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-pipeline-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runtime() {
  const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
  const registry = createProviderRegistry({
    context: { fetch: globalFetch(), clock: systemClock, keys: staticKeyStore(VALID_KEYS), retry: { baseDelayMs: 5 } },
    settings: fakeProviderSettings(fake().origin),
    simulator: { queueMs: 20, runMs: 40 },
  });
  const deps = createPipelineDeps({
    ledger,
    registry,
    seams: { clock: systemClock, fetch: globalFetch(), files: nodeFileSystem, assets: nodeAssetSource(join(__dirname, "..", "..", "assets", "clips")) },
    settings: { mediaFolder: folder, fileNameTemplate: "{shot}_{slug}_{model}_{seed}.mp4", pollPolicy: FAST_POLL },
  });
  const pipeline = new JobPipeline(deps);
  const plan = async (provider: ProviderId, model: string, shotId: string, order: number, fields: Record<string, unknown> = {}) => {
    const request = resolvedRequest(provider, model, { prompt: `Shot ${shotId}: a "quiet" harbour <at> dawn & gulls\nsecond line`, ...fields });
    const checked = registry.check(request);
    if (!checked.ok) throw new Error(checked.issues[0]!.message);
    const job = planJob({ request, estimate: checked.cost, shot: { shotId, order, take: 1, shotList: "harbour" } }, Date.now());
    await ledger.add([job]);
    return job.id;
  };
  return { ledger, registry, pipeline, plan };
}

async function embedded(path: string) {
  const file = await NodeRandomAccessFile.open(path, "read");
  try {
    return await inspectMedia(file);
  } finally {
    await file.close();
  }
}

describe("the shared pipeline over real services", () => {
  it("turns a plan across providers into clips on disk carrying their metadata", async () => {
    const { ledger, pipeline, plan } = await runtime();
    const ids = [
      await plan("fal", "fal-ai/veo3.1/fast", "1A", 0, { seed: 11 }),
      await plan("kling", "kling-2.6", "1B", 1),
      await plan("replicate", "google/veo-3.1-fast", "2A", 2, { seed: 5 }),
      await plan("simulator", "shotbin-sim", "2B", 3, { seed: 9 }),
    ];
    const summary = await new Scheduler(pipeline, ledger, systemClock, { goal: "ready" }).run(ids);
    expect(summary.failed.map((id) => ledger.require(id).failure?.message)).toEqual([]);
    expect(summary.done).toHaveLength(4);
    expect((await readdir(folder)).sort()).toEqual(ids.map((id) => ledger.require(id).file!.split("/").pop()).sort());

    for (const id of ids) {
      const job = ledger.require(id);
      expect(job.file).toMatch(new RegExp(`^${folder}/${job.shot.shotId}_`));
      const report = await embedded(job.file!);
      expect(report.xmp?.shotbin).toMatchObject({
        provider: job.request.provider,
        model: job.request.model,
        prompt: job.request.prompt,
        shotId: job.shot.shotId,
        shotList: "harbour",
        idempotencyKey: id,
        jobId: job.handle!.id,
      });
    }
    expect(fake().world.creates).toMatchObject({ fal: 1, kling: 1, replicate: 1 });
  });

  it("refreshes an expired download link through the adapter and resumes a cut download", async () => {
    const { pipeline, plan } = await runtime();
    fake().world.faults.add({ provider: "dashscope", operation: "download", fault: { type: "expired-url" } });
    fake().world.faults.add({ provider: "dashscope", operation: "download", fault: { type: "truncated-download", afterBytes: 5000 } });
    const id = await plan("dashscope", "wan2.6-t2v", "3A", 0);
    const job = await pipeline.advance(id, "ready");
    expect(job.failure).toBeUndefined();
    expect(job.state).toBe("ready");
    const downloads = fake().world.requests.filter((r) => r.provider === "dashscope" && r.operation === "download");
    expect(downloads.length).toBe(3);
    expect((await embedded(job.file!)).xmp?.shotbin?.model).toBe("wan2.6-t2v");
  });
});
