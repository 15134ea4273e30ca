import { JobPipeline, type PipelineDeps } from "../../src/core/jobPipeline";
import type { JobRecord } from "../../src/core/jobRecord";
import { Ledger } from "../../src/core/ledger";
import type { ResolvedRequest } from "../../src/core/request";
import { Scheduler } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import type { JobStatus, VideoProvider } from "../../src/core/videoProvider";
import type { SnapshotNode, SnapshotSequence } from "../../src/host/fake/fakeSnapshot";
import { findModel } from "../../src/providers/catalog";
import { validateRequest } from "../../src/core/validation";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { buildShotPlan } from "../../src/shotlist/shotPlan";
import { MARKER_COLOURS, takeFileName, TimelineFill } from "../../src/shotlist/timelineFill";
import { hostFixture, type HostFixture } from "../host/hostFixture";

/** Exact ticks per frame at 23.976, worked out here: 254016000000 × 1001 / 24000. */
const TICKS_PER_FRAME = (254016000000n * 1001n) / 24000n;
const DURATIONS = [4, 5, 6, 8, 10];

/** A small seeded generator, so the finishing order is random but the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const check = (request: unknown) => {
  const record = request as { provider: "simulator"; model: string };
  return validateRequest(findModel(record.provider, record.model)!, request);
};

function thirtyShotPlan(random: () => number) {
  const shots = Array.from({ length: 30 }, (_, i) => ({
    shot: `${Math.floor(i / 5) + 1}${"ABCDE"[i % 5]}`,
    prompt: `Shot ${i + 1}: waves on a breakwater, variation ${i}`,
    duration: DURATIONS[Math.floor(random() * DURATIONS.length)],
    ...(i % 10 === 3 ? { takes: 2 } : {}),
  }));
  const list = parseJsonShotList(JSON.stringify({ name: "Breakwater", defaults: { model: "shotbin-sim" }, shots }), { file: "breakwater.json" });
  return buildShotPlan(list, { check, usable: ["simulator"], now: Date.parse("2026-11-20T10:00:00Z") });
}

/** A provider whose jobs end when the test says so, and a pipeline that places into the fake Premiere. */
function harness(fixture: HostFixture, _ledger: Ledger) {
  const finishers = new Map<string, (status: JobStatus) => void>();
  const provider = {
    id: "simulator",
    displayName: "Test provider",
    models: [],
    enabledByDefault: true,
    pollPolicy: { initialDelayMs: 1, queuedIntervalMs: 1, maxQueuedIntervalMs: 1, runningIntervalMs: 1, backoff: 1, source: "test" },
    idempotentSubmit: true,
    supportsCancel: false,
    networkOrigins: [],
    submit: async (request: ResolvedRequest) => ({
      handle: { provider: "simulator", model: request.model, id: `h-${request.idempotencyKey}`, idempotencyKey: request.idempotencyKey, submittedAt: new Date().toISOString(), data: {} },
      warnings: [],
    }),
    status: async () => ({ state: "running" }),
    cancel: async () => undefined,
    download: async () => ({ url: "shotbin-asset:x.mp4", headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false }),
    findByIdempotencyKey: async () => undefined,
    testCredentials: async () => undefined,
  } as unknown as VideoProvider;
  const files = {
    exists: fixture.media.exists,
    renameNoReplace: async (from: string, to: string) => {
      const file = await fixture.media.probe(from);
      if (!file || (await fixture.media.exists(to))) return false;
      fixture.media.remove(from);
      fixture.media.add(to, file);
      return true;
    },
  };
  return { finishers, provider, files };
}

function sequence(fixture: HostFixture, id: string): SnapshotSequence {
  return fixture.fake.snapshot().sequences.find((candidate) => candidate.id === id)!;
}

function clipNames(node: SnapshotNode | null, path: string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!node || node.kind === "clip") return out;
  const here = [...path, node.name].join("/");
  for (const child of node.children) {
    if (child.kind === "clip") (out[here] ??= []).push(child.name);
    else Object.assign(out, clipNames(child, [...path, node.name]));
  }
  return out;
}

describe("timeline fill on the fake Premiere", () => {
  it("lands 30 shots of mixed durations at 23.976 fps in their frame-exact slots when they finish in random order", async () => {
    const random = seeded(7);
    const plan = thirtyShotPlan(random);
    expect(plan.refusal).toBeUndefined();
    expect(plan.jobs).toHaveLength(33);

    const fixture = hostFixture();
    fixture.fake.openProject({ name: "Doc" });
    const sequenceId = fixture.fake.addSequence({ name: "Assembly", fps: 23.976, videoTracks: 2 });
    const earlier = fixture.fake.addClip("/media/slate.mp4", 10);
    await fixture.host.placeClips([{ clip: { id: earlier, name: "slate.mp4", mediaPath: "/media/slate.mp4" }, at: { frames: 0 }, track: 0, duration: { frames: 41 } }]);

    const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
    await ledger.add(plan.jobs);
    const { finishers, provider, files } = harness(fixture, ledger);
    const fill = await TimelineFill.reserve(plan.jobs, { host: fixture.host, ledger, files, track: 0, start: "end", shotListName: plan.name });
    const unsubscribe = ledger.subscribe(fill.jobChanged);

    // Slots are reserved up front, end to end after the slate, each the whole frames a clip of the shot's length fills (5 s → 119).
    const expectedFrames = plan.shots.map((shot) => Math.floor((shot.durationSeconds! * 24000) / 1001));
    expect(expectedFrames.slice(0, 5).every((frames, i) => frames === { 4: 95, 5: 119, 6: 143, 8: 191, 10: 239 }[plan.shots[i]!.durationSeconds!])).toBe(true);
    let frame = 41;
    fill.slots.forEach((slot, i) => {
      expect(slot.slot.startFrame).toBe(frame);
      expect(slot.slot.durationFrames).toBe(expectedFrames[i]);
      frame += expectedFrames[i]!;
    });
    const pending = sequence(fixture, sequenceId).markers;
    expect(pending).toHaveLength(30);
    expect(pending.every((marker) => marker.colour === MARKER_COLOURS.pending)).toBe(true);
    expect(pending.map((marker) => marker.name)).toEqual(plan.shots.map((shot) => shot.shot.id));
    expect(pending[0]!.comments).toBe(plan.shots[0]!.prompt);

    const deps: PipelineDeps = {
      ledger,
      clock: systemClock,
      provider: () => provider,
      loadRequest: async (job) => ({ ...job.request }) as ResolvedRequest,
      waitForEnd: (_provider, handle) => new Promise<JobStatus>((resolve) => finishers.set(handle.idempotencyKey, resolve)),
      download: async (job) => {
        const path = `/renders/${job.shot.shotId}_${job.id.slice(-6)}.mp4`;
        // The provider's clip runs a little long; placement trims it to the shot.
        fixture.media.add(path, { durationSeconds: job.request.durationSeconds + 0.7 });
        return path;
      },
      embed: async () => undefined,
      importClip: fill.importClip,
      place: fill.place,
    };
    const scheduler = new Scheduler(new JobPipeline(deps), ledger, systemClock, { goal: "placed", limits: { simulator: { concurrency: 40 } } });
    const run = scheduler.run(plan.jobs.map((job) => job.id));
    while (finishers.size < plan.jobs.length) await new Promise((resolve) => setTimeout(resolve, 5));

    // One shot is refused by the provider; the rest finish in a random order.
    const refused = plan.shots[17]!.takes[0]!.job.id;
    const order = shuffle(plan.jobs.map((job) => job.id), random);
    expect(order.slice(0, 10)).not.toEqual(plan.jobs.slice(0, 10).map((job) => job.id));
    for (const id of order) {
      finishers.get(id)!(id === refused ? { state: "failed", failure: { kind: "content-policy", message: "The prompt was flagged.", charged: false, retryable: false } } : { state: "succeeded", videos: [{ url: "shotbin-asset:x.mp4" }] });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const summary = await run;
    await fill.settled();
    unsubscribe();
    expect(summary.failed).toEqual([refused]);
    expect(summary.done).toHaveLength(32);

    const items = sequence(fixture, sequenceId).tracks[0]!.items;
    expect(items).toHaveLength(1 + 29);
    const placedByStart = new Map(items.map((item) => [BigInt(item.startTicks), item]));
    fill.slots.forEach((slot, i) => {
      const item = placedByStart.get(BigInt(slot.slot.startFrame) * TICKS_PER_FRAME);
      if (i === 17) {
        expect(item).toBeUndefined();
        return;
      }
      const take1 = ledger.require(plan.shots[i]!.takes[0]!.job.id);
      expect(item?.clipId).toBe(take1.clipId);
      expect(BigInt(item!.startTicks) % TICKS_PER_FRAME).toBe(0n);
      expect(BigInt(item!.endTicks) - BigInt(item!.startTicks)).toBe(BigInt(expectedFrames[i]!) * TICKS_PER_FRAME);
    });

    // The refused shot's slot is the one gap left, and the fill says so.
    expect(fill.gaps().map((gap) => [gap.shotId, gap.startFrame, gap.frames])).toEqual([[plan.shots[17]!.shot.id, fill.slots[17]!.slot.startFrame, expectedFrames[17]]]);
    expect(fill.gaps()[0]!.message).toMatch(/^Shot \S+ has no clip \(failed: The prompt was flagged\.\): its \d+ frames from \d\d:\d\d:\d\d:\d\d are empty\.$/);

    // Markers: green for placed shots, red with the reason for the refused one.
    const markers = sequence(fixture, sequenceId).markers;
    markers.forEach((marker, i) => {
      if (i === 17) {
        expect(marker.colour).toBe("red");
        expect(marker.comments).toContain("Failed: The prompt was flagged.");
      } else expect(marker.colour).toBe("green");
    });

    // Second takes went to the bin only, named _take2, and every clip carries its columns.
    const bins = clipNames(fixture.fake.snapshot().root);
    const shotBin = bins[`Untitled/${plan.name}`] ?? Object.entries(bins).find(([key]) => key.endsWith(plan.name))?.[1];
    expect(shotBin).toBeDefined();
    const takes2 = plan.shots.filter((shot) => shot.takes.length === 2);
    expect(takes2).toHaveLength(3);
    for (const shot of takes2) {
      const take2 = ledger.require(shot.takes[1]!.job.id);
      expect(take2.file).toBe(`/renders/${shot.shot.id}_${take2.id.slice(-6)}_take2.mp4`);
      expect(shotBin).toContain(`${shot.shot.id}_${take2.id.slice(-6)}_take2.mp4`);
    }
    expect(shotBin).toHaveLength(32);
    expect(items.some((item) => item.name.includes("_take2"))).toBe(false);
  });

  it("replaces a slot's clip with take 2, exactly in place, and picks the run up again after a restart", async () => {
    const plan = thirtyShotPlan(seeded(11));
    const fixture = hostFixture();
    fixture.fake.openProject({ name: "Doc" });
    const sequenceId = fixture.fake.addSequence({ name: "Assembly", fps: 23.976, videoTracks: 1 });
    const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
    await ledger.add(plan.jobs);
    const { finishers, provider, files } = harness(fixture, ledger);
    const fill = await TimelineFill.reserve(plan.jobs, { host: fixture.host, ledger, files, track: 0, start: { seconds: 10 }, gapFrames: 12, shotListName: plan.name });
    const deps: PipelineDeps = {
      ledger,
      clock: systemClock,
      provider: () => provider,
      loadRequest: async (job) => ({ ...job.request }) as ResolvedRequest,
      waitForEnd: async () => ({ state: "succeeded", videos: [{ url: "x" }] }),
      download: async (job: JobRecord) => {
        const path = `/renders/${job.shot.shotId}_${job.id.slice(-6)}.mp4`;
        fixture.media.add(path, { durationSeconds: 12 });
        return path;
      },
      embed: async () => undefined,
      importClip: fill.importClip,
      place: fill.place,
    };
    void finishers;
    const summary = await new Scheduler(new JobPipeline(deps), ledger, systemClock, { goal: "placed", limits: { simulator: { concurrency: 40 } } }).run(plan.jobs.map((job) => job.id));
    expect(summary.failed).toEqual([]);
    const shot = plan.shots.find((candidate) => candidate.takes.length === 2)!;
    const slot = fill.slots.find((candidate) => candidate.shotId === shot.shot.id)!;
    expect(fill.slots[0]!.slot.startFrame).toBe(240);
    expect(fill.slots[1]!.slot.startFrame).toBe(240 + fill.slots[0]!.slot.durationFrames + 12);

    const report = await fill.replaceWithTake(shot.shot.id, 2);
    expect(report.placed[0]).toMatchObject({ exact: true, startFrame: slot.slot.startFrame, durationFrames: slot.slot.durationFrames });
    const take2 = ledger.require(shot.takes[1]!.job.id);
    expect(take2.file).toBe(takeFileName(`/renders/${shot.shot.id}_${take2.id.slice(-6)}.mp4`, 2));
    const item = sequence(fixture, sequenceId).tracks[0]!.items.find((candidate) => BigInt(candidate.startTicks) === BigInt(slot.slot.startFrame) * TICKS_PER_FRAME);
    expect(item?.clipId).toBe(take2.clipId);
    expect(sequence(fixture, sequenceId).tracks[0]!.items).toHaveLength(30);
    const marker = sequence(fixture, sequenceId).markers.find((candidate) => candidate.name === shot.shot.id)!;
    expect(marker.comments.startsWith("Take 2")).toBe(true);

    await expect(fill.replaceWithTake(shot.shot.id, 3)).rejects.toThrow(/not in the bin/);

    // After a restart the slots, markers and chosen take come back from the ledger.
    const resumed = TimelineFill.resume(ledger, plan.runId, { host: fixture.host, shotListName: plan.name, files })!;
    expect(resumed.slots.map((s) => ({ id: s.shotId, start: s.slot.startFrame, frames: s.slot.durationFrames, take: s.take, marker: s.marker?.id }))).toEqual(
      fill.slots.map((s) => ({ id: s.shotId, start: s.slot.startFrame, frames: s.slot.durationFrames, take: s.take, marker: s.marker?.id })),
    );
  });

  it("refuses to reserve without an open sequence", async () => {
    const plan = thirtyShotPlan(seeded(3));
    const fixture = hostFixture();
    fixture.fake.openProject({ name: "Doc" });
    const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
    await expect(TimelineFill.reserve(plan.jobs, { host: fixture.host, ledger, track: 0, start: "end", shotListName: "x" })).rejects.toThrow(/Open the sequence/);
  });
});
