/**
 * Shot-list fill by real frame counts (issue 13 §5): at 23.976 a 5.000 s clip holds 119 whole
 * frames, so its slot is 119 frames, not a rounded 120 that leaves a one-frame gap after it. Each
 * scenario runs the real pipeline into the fake Premiere (whose clips report their media length in
 * ticks, as Premiere does) and finishes the shots in an order the test chooses.
 */
import { JobPipeline, type PipelineDeps } from "../../src/core/jobPipeline";
import type { JobRecord } from "../../src/core/jobRecord";
import { Ledger } from "../../src/core/ledger";
import type { ResolvedRequest } from "../../src/core/request";
import { Scheduler, type RunSummary } from "../../src/core/scheduler";
import { systemClock } from "../../src/core/seams/clock";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { validateRequest } from "../../src/core/validation";
import type { JobStatus, VideoProvider } from "../../src/core/videoProvider";
import type { SnapshotSequence } from "../../src/host/fake/fakeSnapshot";
import type { SlotStart } from "../../src/host/placementSlots";
import { findModel } from "../../src/providers/catalog";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { buildShotPlan } from "../../src/shotlist/shotPlan";
import { TimelineFill } from "../../src/shotlist/timelineFill";
import { waitUntil } from "../support/waitUntil";
import { hostFixture, type HostFixture } from "../host/hostFixture";

const TICKS_PER_SECOND = 254016000000n;

function plan(seconds: number[], startTicks: Record<number, bigint> = {}) {
  const list = parseJsonShotList(JSON.stringify({ name: "Pier", defaults: { model: "shotbin-sim" }, shots: seconds.map((duration, i) => ({ shot: `${i + 1}A`, prompt: `Pier, shot ${i + 1}`, duration })) }), { file: "pier.json" });
  const built = buildShotPlan(list, { check: (request) => validateRequest(findModel("simulator", "shotbin-sim")!, request), usable: ["simulator"], now: Date.parse("2026-11-20T10:00:00Z") });
  const jobs = built.jobs.map((job) =>
    startTicks[job.shot.order] === undefined ? job : { ...job, extra: { ...(job.extra ?? {}), shotlist: { ...((job.extra?.shotlist as object | undefined) ?? {}), startTicks: String(startTicks[job.shot.order]) } } },
  );
  return { ...built, jobs };
}

interface Scenario {
  fps: number;
  seconds: number[];
  /** The length of each shot's clip as the provider delivers it. */
  clipSeconds: number[];
  startTicks?: Record<number, bigint>;
  start?: SlotStart;
  gapFrames?: number;
}

/** Reserves the fill and starts the run; `finish(i)` completes shot i's job and waits until it is placed (or failed). */
async function startRun(scenario: Scenario) {
  const fixture: HostFixture = hostFixture();
  fixture.fake.openProject({ name: "Doc" });
  const sequenceId = fixture.fake.addSequence({ name: "Assembly", fps: scenario.fps, videoTracks: 1 });
  const { jobs, runId, name } = plan(scenario.seconds, scenario.startTicks);
  const { ledger } = await Ledger.open(memoryLedgerStore(), systemClock);
  await ledger.add(jobs);
  const fill = await TimelineFill.reserve(jobs, { host: fixture.host, ledger, track: 0, start: scenario.start ?? "end", ...(scenario.gapFrames !== undefined ? { gapFrames: scenario.gapFrames } : {}), shotListName: name });
  const stop = ledger.subscribe(fill.jobChanged);
  const finishers = new Map<string, (status: JobStatus) => void>();
  const provider = {
    id: "simulator",
    pollPolicy: { initialDelayMs: 1, queuedIntervalMs: 1, maxQueuedIntervalMs: 1, runningIntervalMs: 1, backoff: 1, source: "test" },
    idempotentSubmit: true,
    supportsCancel: false,
    submit: async (request: ResolvedRequest) => ({ handle: { provider: "simulator", model: request.model, id: `h-${request.idempotencyKey}`, idempotencyKey: request.idempotencyKey, submittedAt: new Date().toISOString(), data: {} }, warnings: [] }),
    findByIdempotencyKey: async () => undefined,
    download: async () => ({ url: "shotbin-asset:x.mp4", headers: {}, followRedirects: false, mediaType: "video/mp4", expires: false }),
  } as unknown as VideoProvider;
  const deps: PipelineDeps = {
    ledger,
    clock: systemClock,
    provider: () => provider,
    loadRequest: async (job) => ({ ...job.request }) as ResolvedRequest,
    waitForEnd: (_provider, handle) => new Promise<JobStatus>((resolve) => finishers.set(handle.idempotencyKey, resolve)),
    download: async (job: JobRecord) => {
      const path = `/renders/${job.shot.shotId}.mp4`;
      fixture.media.add(path, { durationSeconds: scenario.clipSeconds[job.shot.order]! });
      return path;
    },
    embed: async () => undefined,
    importClip: fill.importClip,
    place: fill.place,
  };
  const run: Promise<RunSummary> = new Scheduler(new JobPipeline(deps), ledger, systemClock, { goal: "placed", limits: { simulator: { concurrency: 40 } } }).run(jobs.map((job) => job.id));
  await waitUntil(() => finishers.size === jobs.length, 10_000, () => `${finishers.size} of ${jobs.length} jobs submitted`);
  const finish = async (index: number, status: JobStatus = { state: "succeeded", videos: [{ url: "x" }] }) => {
    const id = jobs[index]!.id;
    finishers.get(id)!(status);
    await waitUntil(() => ["placed", "failed"].includes(ledger.require(id).state), 10_000, () => `shot ${index + 1} is ${ledger.require(id).state}`);
    await fill.settled();
  };
  const sequence = (): SnapshotSequence => fixture.fake.snapshot().sequences.find((candidate) => candidate.id === sequenceId)!;
  const done = async () => {
    const summary = await run;
    await fill.settled();
    stop();
    return summary;
  };
  return { fixture, fill, ledger, runId, name, jobs, finish, sequence, done };
}

/** Each item on V1 as [start, length] in frames, from its ticks (exact, or a throw when off the grid). */
function itemFrames(sequence: SnapshotSequence): [number, number][] {
  const tpf = BigInt(sequence.ticksPerFrame);
  return sequence.tracks[0]!.items
    .map((item) => [BigInt(item.startTicks), BigInt(item.endTicks)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([start, end]) => {
      if (start % tpf !== 0n || end % tpf !== 0n) throw new Error(`an item is off the frame grid: ${start}–${end}`);
      return [Number(start / tpf), Number((end - start) / tpf)];
    });
}

describe("shot-list fill by real frame counts", () => {
  it.each([
    [23.976, 119],
    [25, 125],
    [29.97, 149],
  ])("lays 5.000 s clips end to end at %s fps, %d frames each, in whatever order they finish", async (fps, frames) => {
    const run = await startRun({ fps, seconds: [5, 5, 5, 5], clipSeconds: [5, 5, 5, 5] });
    expect(run.fill.slots.map((slot) => [slot.slot.startFrame, slot.slot.durationFrames])).toEqual([0, 1, 2, 3].map((i) => [i * frames, frames]));
    for (const index of [2, 0, 3, 1]) await run.finish(index);
    expect((await run.done()).done).toHaveLength(4);
    expect(itemFrames(run.sequence())).toEqual([0, 1, 2, 3].map((i) => [i * frames, frames]));
    expect(run.fill.gaps()).toEqual([]);
    // Each marker spans its clip exactly.
    const tpf = BigInt(run.sequence().ticksPerFrame);
    expect(run.sequence().markers.map((marker) => [marker.name, BigInt(marker.startTicks) / tpf, BigInt(marker.durationTicks) / tpf])).toEqual(
      [0, 1, 2, 3].map((i) => [`${i + 1}A`, BigInt(i * frames), BigInt(frames)]),
    );
  });

  it("moves shots not yet placed up against a clip that came out short, and reports the gap it cannot close", async () => {
    // 23.976: a 4.5 s clip holds 107 whole frames (107.89), 12 fewer than a 5 s slot's 119.
    const run = await startRun({ fps: 23.976, seconds: [5, 5, 5, 5], clipSeconds: [4.5, 5, 5, 5] });
    await run.finish(2); // shot 3 lands first, at 2 × 119 = 238, and stays there
    await run.finish(0); // shot 1 holds 107 frames; shot 2, not yet placed, moves up to 107
    expect(run.fill.slots[1]!.slot.startFrame).toBe(107);
    await run.finish(1);
    await run.finish(3);
    await run.done();
    expect(itemFrames(run.sequence())).toEqual([
      [0, 107],
      [107, 119],
      [238, 119],
      [357, 119],
    ]);
    expect(run.fill.gaps().map((gap) => gap.message)).toEqual(["12 empty frames before shot 3A (00:00:09:10): the shots before it came out shorter than planned after it was placed."]);
    const markers = run.sequence().markers;
    expect(markers.find((marker) => marker.name === "3A")!.comments).toContain("Gap: 12 empty frames before shot 3A");
    const tpf = BigInt(run.sequence().ticksPerFrame);
    expect(markers.map((marker) => [marker.name, BigInt(marker.startTicks) / tpf, BigInt(marker.durationTicks) / tpf])).toEqual([
      ["1A", 0n, 107n],
      ["3A", 238n, 119n],
      ["4A", 357n, 119n],
      ["2A", 107n, 119n], // moved: removed and added again where its clip landed
    ]);

    // After a restart the placed shots, their frames and the gap come back from the ledger.
    const resumed = TimelineFill.resume(run.ledger, run.runId, { host: run.fixture.host, shotListName: run.name })!;
    expect(resumed.slots.map((slot) => [slot.slot.startFrame, slot.placedFrames, slot.expectedFrames])).toEqual(run.fill.slots.map((slot) => [slot.slot.startFrame, slot.placedFrames, slot.expectedFrames]));
    expect(resumed.gaps()).toEqual(run.fill.gaps());
  });

  it("names the short clip when the shot after it was already on the timeline", async () => {
    const run = await startRun({ fps: 25, seconds: [4, 4], clipSeconds: [3.5, 4] }); // 3.5 s at 25 = 87 frames, 13 short of 100
    await run.finish(1);
    await run.finish(0);
    await run.done();
    expect(itemFrames(run.sequence())).toEqual([
      [0, 87],
      [100, 100],
    ]);
    expect(run.fill.gaps().map((gap) => gap.message)).toEqual(["13 empty frames before shot 2A (00:00:03:12): shot 1A's clip is 13 frames shorter than its slot, and shot 2A was already on the timeline."]);
  });

  it("reports a failed shot's empty slot, and lays the rest end to end at 29.97 drop-frame", async () => {
    const run = await startRun({ fps: 29.97, seconds: [5, 5, 5], clipSeconds: [5, 5, 5] });
    await run.finish(1, { state: "failed", failure: { kind: "content-policy", message: "The prompt was flagged.", charged: false, retryable: false } });
    await run.finish(0);
    await run.finish(2);
    await run.done();
    expect(itemFrames(run.sequence())).toEqual([
      [0, 149],
      [298, 149],
    ]);
    expect(run.fill.gaps().map((gap) => gap.message)).toEqual(["Shot 2A has no clip (failed: The prompt was flagged.): its 149 frames from 00:00:04;29 are empty."]);
  });

  it("starts a shot where the list fixes it: the space before it stays empty, a shot running past it is cut", async () => {
    // 25 fps: shot 3 fixed at 12 s (frame 300), after 2 × 125 frames; shot 5 fixed at 20 s (frame 500), 75 frames after shot 4 starts.
    const run = await startRun({ fps: 25, seconds: [5, 5, 5, 5, 5], clipSeconds: [5, 5, 5, 5, 5], startTicks: { 2: 12n * TICKS_PER_SECOND, 4: 20n * TICKS_PER_SECOND } });
    expect(run.fill.slots.map((slot) => [slot.slot.startFrame, slot.slot.durationFrames])).toEqual([
      [0, 125],
      [125, 125],
      [300, 125],
      [425, 75],
      [500, 125],
    ]);
    expect(run.fill.gaps().map((gap) => gap.message)).toEqual(["50 empty frames before shot 3A (00:00:10:00): the list fixes its start."]);
    expect(run.fill.warnings).toEqual(["50 empty frames before shot 3A (00:00:10:00): the list fixes its start."]); // shown when the run starts
    for (const index of [4, 3, 2, 1, 0]) await run.finish(index);
    await run.done();
    expect(itemFrames(run.sequence())).toEqual([
      [0, 125],
      [125, 125],
      [300, 125],
      [425, 75],
      [500, 125],
    ]);
    expect(run.fill.gaps().map((gap) => gap.message)).toEqual(["50 empty frames before shot 3A (00:00:10:00): the list fixes its start."]);
  });

  it("refuses a list whose fixed start leaves the shot before it no room", async () => {
    await expect(startRun({ fps: 25, seconds: [5, 5], clipSeconds: [5, 5], start: { frames: 100 }, startTicks: { 1: 4n * TICKS_PER_SECOND } })).rejects.toThrow(
      "Shot 2A is fixed to start at frame 100, which leaves shot 1A (from frame 100) no room.",
    );
  });
});
