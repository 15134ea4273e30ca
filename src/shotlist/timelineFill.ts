/**
 * Fills a Premiere sequence from a shot list while it runs (the panel's side of issue 7).
 *
 *   const fill = await TimelineFill.reserve(plan.jobs, { host, ledger, files, track: 0, start: "end", shotListName: plan.name });
 *   const deps = createPipelineDeps({ ..., importClip: fill.importClip, place: fill.place });
 *   const stop = ledger.subscribe(fill.jobChanged);
 *   await new Scheduler(new JobPipeline(deps), ledger, clock, { goal: "placed", ... }).run(ids);
 *
 * Before anything is spent, one slot per shot is reserved in list order on the chosen track, as
 * long as the whole frames a clip of the shot's length fills (119 for 5 s at 23.976; never a
 * rounded-up 120), and marked with a sequence marker named with the shot id, the prompt in its
 * comments and a colour for its state. As each take finishes it is imported into
 * `<target bin>/<shot list name>` with Shotbin's columns; the slot's take (take 1 unless replaced)
 * is placed into its slot, trimmed to the shot's duration, whatever order shots finish in. Shots
 * lie end to end by the frames their clips really hold (fillSlots.ts): a placed clip never moves,
 * and the shots not yet placed after it move up against it; a gap remains only where a shot was
 * already placed after a clip that came out short, or before a start the list fixes, and
 * `gaps()` (and the next shot's marker) say so. Other takes go to the bin only, their files named
 * `..._take2.mp4` and so on. A failed shot leaves its marker red with the reason. `replaceWithTake`
 * swaps the clip in a slot. Slots, markers and the chosen take are kept in each job's ledger
 * extras, so `TimelineFill.resume` picks a run up after a restart.
 *
 * A little over 400 lines: reserving, placing, replacing and resuming all move the same slots and
 * markers, and keeping them in one class keeps the slot bookkeeping in one place.
 */
import { HostError } from "../core/errors";
import type { JobRecord, JobState } from "../core/jobRecord";
import type { Ledger } from "../core/ledger";
import type { FileSystem } from "../core/seams/fileSystem";
import { placementForSlot, planPlacementSlots, type SlotStart } from "../host/placementSlots";
import type { BinRef, ClipRef, MarkerColour, PlacementReport, PremiereHost } from "../host/premiereHost";
import { restoreFill, slotRecord, type FillTiming, type ShotSlot } from "./fillRecord";
import { relayoutSlots, roomFor, slotGaps, type TimelineGap } from "./fillSlots";
import { rateFromTicksPerFrame, shotFrames, ticksToNearestFrame } from "./frameRate";
import { timecode } from "./timecode";
import { fixedStartTicks, slotSeconds } from "./timelineLayout";

export type { ShotSlot } from "./fillRecord";
export type { TimelineGap } from "./fillSlots";

export interface TimelineFillOptions {
  host: PremiereHost;
  ledger: Ledger;
  /** For naming takes beyond the first `_take2`...; without it their files keep their names. */
  files?: Pick<FileSystem, "exists" | "renameNoReplace">;
  /** 0-based video track (0 is V1). */
  track: number;
  /** After the last clip, at the playhead, or at a time (`{ frames }` or `{ seconds }`). */
  start: SlotStart;
  /** Empty frames between shots. */
  gapFrames?: number;
  /** The bin the shot list's bin goes under; the panel's target bin when absent. */
  targetBin?: BinRef;
  shotListName: string;
}

/** Marker colour by the state of the slot's take. */
export const MARKER_COLOURS: Record<"pending" | "generating" | "finishing" | "placed" | "failed" | "cancelled", MarkerColour> = {
  pending: "yellow",
  generating: "orange",
  finishing: "blue",
  placed: "green",
  failed: "red",
  cancelled: "magenta",
};

export function markerColourFor(state: JobState): MarkerColour {
  switch (state) {
    case "planned":
    case "submitting":
    case "queued":
      return MARKER_COLOURS.pending;
    case "running":
      return MARKER_COLOURS.generating;
    case "placed":
      return MARKER_COLOURS.placed;
    case "failed":
      return MARKER_COLOURS.failed;
    case "cancelled":
      return MARKER_COLOURS.cancelled;
    default:
      return MARKER_COLOURS.finishing;
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** `clip.mp4` → `clip_take2.mp4`. */
export function takeFileName(path: string, take: number): string {
  const suffix = `_take${take}`;
  const match = /^(.*?)(\.[^./\\]+)?$/.exec(path)!;
  const stem = match[1]!;
  return stem.endsWith(suffix) ? path : `${stem}${suffix}${match[2] ?? ""}`;
}

export class TimelineFill {
  private readonly slotsByOrder = new Map<number, ShotSlot>();
  private readonly shown = new Map<number, string>();
  private readonly queues = new Map<number, Promise<void>>();
  /** The frames each shot's marker lasts, as last set. */
  private readonly markerFrames = new Map<number, number>();
  /** Placements run one at a time: each one's start depends on the frames of the clips placed before it. */
  private placing: Promise<unknown> = Promise.resolve();
  private bin: Promise<BinRef> | undefined;
  /** Problems worth showing before the run (slots over existing clips, for example). */
  readonly warnings: string[] = [];

  private constructor(
    private readonly options: TimelineFillOptions,
    slots: ShotSlot[],
    private readonly runId: string | undefined,
    private readonly timing: FillTiming,
  ) {
    for (const slot of slots) this.slotsByOrder.set(slot.order, slot);
  }

  get slots(): ShotSlot[] {
    return [...this.slotsByOrder.values()].sort((a, b) => a.order - b.order);
  }

  /**
   * Reserves a slot per shot on the active sequence, in list order, and adds a pending marker
   * for each. `jobs` are the plan's jobs, already added to the ledger.
   */
  static async reserve(jobs: readonly JobRecord[], options: TimelineFillOptions): Promise<TimelineFill> {
    const context = await options.host.getContext();
    const sequence = context.sequence;
    if (!sequence) throw new HostError("no-sequence", "Open the sequence to fill, then start the shot list.");
    const rate = rateFromTicksPerFrame(sequence.frameRate.ticksPerFrame);
    const byOrder = new Map<number, JobRecord[]>();
    for (const job of jobs) byOrder.set(job.shot.order, [...(byOrder.get(job.shot.order) ?? []), job]);
    const orders = [...byOrder.keys()].sort((a, b) => a - b);
    const firstOf = (order: number) => byOrder.get(order)!.sort((a, b) => a.shot.take - b.shot.take)[0]!;
    const expected = orders.map((order) => Math.max(1, shotFrames(slotSeconds(firstOf(order)), rate)));
    // placementSlots resolves the start ("end", the playhead, a time) and checks the gap.
    const planned = planPlacementSlots(sequence, {
      start: options.start,
      track: options.track,
      durations: expected.map((frames) => ({ frames })),
      ...(options.gapFrames !== undefined ? { gapFrames: options.gapFrames } : {}),
    });
    const slots: ShotSlot[] = orders.map((order, i) => {
      const fixed = fixedStartTicks(firstOf(order));
      return {
        shotId: firstOf(order).shot.shotId,
        order,
        slot: planned[i]!,
        expectedFrames: expected[i]!,
        ...(fixed !== undefined ? { fixedStartFrame: ticksToNearestFrame(fixed, rate) } : {}),
        sequenceId: sequence.id,
        take: 1,
      };
    });
    const timing = { firstStartFrame: planned[0]?.startFrame ?? 0, gapFrames: options.gapFrames ?? 0, ticksPerFrame: sequence.frameRate.ticksPerFrame };
    relayoutSlots(slots, timing.firstStartFrame, timing.gapFrames);
    const fill = new TimelineFill(options, slots, jobs[0]?.runId, timing);
    // Empty frames known before anything is generated: before a start the list fixes.
    fill.warnings.push(...fill.gaps().map((gap) => gap.message));
    if (slots.length > 0 && slots[0]!.slot.startFrame < sequence.endFrame && options.track < sequence.videoTrackCount) {
      fill.warnings.push(`The shots start at frame ${slots[0]!.slot.startFrame}, before the end of the sequence (frame ${sequence.endFrame}): placing them overwrites what is on track V${options.track + 1} there.`);
    }
    for (const shot of slots) {
      const first = firstOf(shot.order);
      shot.marker = await options.host.addSequenceMarker({
        name: shot.shotId,
        comments: first.request.prompt,
        colour: markerColourFor(first.state),
        at: { frames: shot.slot.startFrame },
        duration: { frames: shot.slot.durationFrames },
        sequenceId: shot.sequenceId,
      });
      fill.shown.set(shot.order, `${markerColourFor(first.state)}\n${first.request.prompt}`);
      fill.markerFrames.set(shot.order, shot.slot.durationFrames);
      for (const job of byOrder.get(shot.order)!) await fill.persist(job.id, shot);
    }
    return fill;
  }

  /** Picks a run up after a restart, from the slots kept in its jobs' ledger extras. */
  static resume(ledger: Ledger, runId: string, options: Omit<TimelineFillOptions, "ledger" | "track" | "start">): TimelineFill | undefined {
    const restored = restoreFill(ledger.jobs().filter((job) => job.runId === runId));
    if (!restored) return undefined;
    return new TimelineFill({ ...options, ledger, track: restored.slots[0]!.slot.track, start: "end" }, restored.slots, runId, restored.timing);
  }

  /** Empty frames that remain on the timeline, each with a sentence for the editor: see fillSlots.ts. */
  gaps(): TimelineGap[] {
    const rate = this.timing.ticksPerFrame > 0 ? rateFromTicksPerFrame(this.timing.ticksPerFrame) : undefined;
    const at = (frame: number) => (rate ? timecode(frame, rate) : `frame ${frame}`);
    // The newest attempt of each shot's slot take, found in one pass over the ledger.
    const newest = new Map<number, JobRecord>();
    for (const job of this.options.ledger.jobs()) {
      if (this.runId !== undefined && job.runId !== this.runId) continue;
      if (job.shot.take !== this.slotsByOrder.get(job.shot.order)?.take) continue;
      const known = newest.get(job.shot.order);
      if (!known || job.attempt > known.attempt) newest.set(job.shot.order, job);
    }
    return slotGaps(this.slots, this.timing.gapFrames, (slot) => emptyReason(newest.get((slot as ShotSlot).order)), at);
  }

  /** PipelineDeps.importClip: into `<target bin>/<shot list>`, with Shotbin's columns. Returns the project item id. */
  readonly importClip = async (job: JobRecord): Promise<string> => {
    let file = job.file;
    if (!file) throw new HostError("missing-file", `Shot ${job.shot.shotId} take ${job.shot.take} has no clip file to import.`);
    if (job.shot.take > 1 && this.options.files) file = await this.nameTake(job, file);
    const bin = await this.shotListBin();
    const [outcome] = await this.options.host.importClips([file], bin);
    if (!outcome) throw new HostError("import-refused", `Premiere did not report on ${baseName(file)}.`);
    if (!outcome.ok) throw outcome.error;
    const request = job.request;
    const seed = job.seed ?? request.seed;
    await this.options.host.setClipMetadata(outcome.clip, {
      prompt: request.prompt,
      model: request.model,
      provider: request.provider,
      ...(seed !== undefined ? { seed } : {}),
      ...(job.handle ? { job: job.handle.id } : {}),
      ...(Number.isFinite(job.estimate.usd) ? { costUsd: job.estimate.usd } : {}),
      shot: job.shot.shotId,
      take: job.shot.take,
      ...(request.firstFrame?.lineage ? { sourceStill: request.firstFrame.lineage.file, sourceStillJob: request.firstFrame.lineage.jobId } : {}),
    });
    return outcome.clip.id;
  };

  /** PipelineDeps.place: the slot's take goes into its slot, trimmed to the shot; other takes stay in the bin. */
  readonly place = async (job: JobRecord): Promise<void> => {
    const shot = this.slotsByOrder.get(job.shot.order);
    if (!shot || job.shot.take !== shot.take) return;
    await this.serially(() => this.placeTake(shot, job));
  };

  /** Ledger listener: keeps each shot's marker in step with the take in its slot. */
  readonly jobChanged = (job: JobRecord): void => {
    if (this.runId !== undefined && job.runId !== this.runId) return;
    const shot = this.slotsByOrder.get(job.shot.order);
    if (!shot || job.shot.take !== shot.take) return;
    this.enqueue(shot.order, () => this.refreshMarker(shot));
  };

  /** "Replace with take N": puts take N's clip in the shot's slot and keeps it there. */
  async replaceWithTake(shotId: string, take: number): Promise<PlacementReport> {
    const shot = this.slots.find((candidate) => candidate.shotId === shotId);
    if (!shot) throw new HostError("not-found", `Shot ${shotId} has no slot on the timeline.`);
    const job = this.latest(shot.order, take);
    if (!job || !job.clipId || !job.file) {
      throw new HostError("invalid-request", `Take ${take} of shot ${shotId} is not in the bin yet${job ? ` (it is ${job.state})` : ""}.`);
    }
    const report = await this.serially(async () => {
      const placed = await this.placeTake(shot, job);
      shot.take = take;
      for (const candidate of this.jobsOf(shot.order)) await this.persist(candidate.id, shot);
      return placed;
    });
    this.enqueue(shot.order, () => this.refreshMarker(shot));
    await this.settled();
    return report;
  }

  /** Resolves when every marker update asked for so far is done. */
  async settled(): Promise<void> {
    for (;;) {
      const pending = [...this.queues.values()];
      await Promise.all(pending);
      const now = [...this.queues.values()];
      if (now.length === pending.length && now.every((queue, i) => queue === pending[i])) return;
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.placing.then(work);
    this.placing = result.catch(() => undefined);
    return result;
  }

  /**
   * Places a take at its slot's current start, as long as the slot and no longer than the room
   * before the next shot that cannot move; then records the clip's real frames and moves the
   * shots not yet placed up against it.
   */
  private async placeTake(shot: ShotSlot, job: JobRecord): Promise<PlacementReport> {
    const slots = this.slots;
    const index = slots.indexOf(shot);
    const frames = roomFor(slots, index, this.timing.gapFrames);
    const clip: ClipRef = { id: job.clipId!, name: baseName(job.file!), mediaPath: job.file! };
    const report = await this.options.host.placeClips([placementForSlot({ ...shot.slot, durationFrames: frames }, clip)], { sequenceId: shot.sequenceId });
    const placed = report.placed[0];
    if (placed && !placed.exact) {
      throw new HostError("unexpected", `Shot ${shot.shotId} landed at frames ${placed.landed?.startFrame}–${placed.landed?.endFrame}, not in its slot ${shot.slot.startFrame}–${shot.slot.startFrame + placed.durationFrames}.`);
    }
    const before = new Map(slots.map((candidate) => [candidate, candidate.slot.startFrame]));
    shot.placedFrames = placed?.durationFrames ?? frames;
    relayoutSlots(slots, this.timing.firstStartFrame, this.timing.gapFrames);
    for (const candidate of slots) {
      if (candidate !== shot && before.get(candidate) === candidate.slot.startFrame) continue;
      for (const other of this.jobsOf(candidate.order)) await this.persist(other.id, candidate);
    }
    // The marker follows the clip, and the shot after a gap that remains says so in its marker.
    this.enqueue(shot.order, () => this.fitMarker(shot));
    for (const gap of this.gaps()) {
      const after = slots.find((candidate) => candidate.shotId === gap.shotId);
      if (after) this.enqueue(after.order, () => this.refreshMarker(after));
    }
    return report;
  }

  private jobsOf(order: number): JobRecord[] {
    return this.options.ledger.jobs().filter((job) => job.shot.order === order && (this.runId === undefined || job.runId === this.runId));
  }

  /** The newest attempt of a take (a retried take's replacement job). */
  private latest(order: number, take: number): JobRecord | undefined {
    return this.jobsOf(order)
      .filter((job) => job.shot.take === take)
      .sort((a, b) => b.attempt - a.attempt)[0];
  }

  private async shotListBin(): Promise<BinRef> {
    this.bin ??= (async () => {
      const parent = this.options.targetBin ?? (await this.options.host.getContext()).targetBin?.bin;
      return this.options.host.ensureBin([this.options.shotListName], parent);
    })();
    try {
      return await this.bin;
    } catch (error) {
      this.bin = undefined;
      throw error;
    }
  }

  /** Renames take N's file to `..._takeN` once, recording the new name before importing it. */
  private async nameTake(job: JobRecord, file: string): Promise<string> {
    const files = this.options.files!;
    const wanted = takeFileName(file, job.shot.take);
    if (wanted === file) return file;
    if (!(await files.exists(file)) && (await files.exists(wanted))) {
      // Renamed before a crash, not yet recorded.
    } else if (!(await files.renameNoReplace(file, wanted))) {
      return file;
    }
    await this.options.ledger.update(job.id, { file: wanted });
    return wanted;
  }

  private enqueue(order: number, work: () => Promise<void>): void {
    const previous = this.queues.get(order) ?? Promise.resolve();
    this.queues.set(order, previous.then(work).catch(() => undefined));
  }

  private async refreshMarker(shot: ShotSlot): Promise<void> {
    if (!shot.marker) return;
    const job = this.latest(shot.order, shot.take);
    if (!job) return;
    const colour = markerColourFor(job.state);
    const prompt = job.request.prompt;
    const gapsBefore = this.gaps().filter((gap) => gap.shotId === shot.shotId && gap.startFrame < shot.slot.startFrame);
    const comments = [
      job.state === "failed" ? `Failed: ${job.failure?.message ?? "unknown error"}` : shot.take > 1 ? `Take ${shot.take}` : "",
      ...gapsBefore.map((gap) => `Gap: ${gap.message}`),
      prompt,
    ]
      .filter(Boolean)
      .join("\n\n");
    const key = `${colour}\n${comments}`;
    if (this.shown.get(shot.order) === key) return;
    shot.marker = await this.options.host.updateMarker(shot.marker, { colour, comments });
    this.shown.set(shot.order, key);
  }

  /** Once its clip is placed, a shot's marker starts where the clip starts and lasts as long. */
  private async fitMarker(shot: ShotSlot): Promise<void> {
    const marker = shot.marker;
    const frames = shot.placedFrames;
    if (!marker || frames === undefined || this.timing.ticksPerFrame <= 0) return;
    const startTicks = BigInt(shot.slot.startFrame) * BigInt(this.timing.ticksPerFrame);
    if (BigInt(marker.startTicks) !== startTicks) {
      const [colour, ...comments] = (this.shown.get(shot.order) ?? "").split("\n");
      await this.options.host.removeMarker(marker);
      shot.marker = await this.options.host.addSequenceMarker({
        name: shot.shotId,
        comments: comments.join("\n"),
        ...(colour ? { colour: colour as MarkerColour } : {}),
        at: { frames: shot.slot.startFrame },
        duration: { frames },
        sequenceId: shot.sequenceId,
      });
    } else if (this.markerFrames.get(shot.order) !== frames) {
      shot.marker = await this.options.host.updateMarker(marker, { duration: { frames } });
    } else {
      return;
    }
    this.markerFrames.set(shot.order, frames);
    for (const job of this.jobsOf(shot.order)) await this.persist(job.id, shot);
  }

  private async persist(jobId: string, shot: ShotSlot): Promise<void> {
    const job = this.options.ledger.get(jobId);
    if (!job) return;
    await this.options.ledger.update(jobId, { extra: { ...(job.extra ?? {}), timeline: slotRecord(shot, this.timing) } });
  }
}

/** Why a slot will get no clip: its take failed or was cancelled (and no retry is under way). */
function emptyReason(job: JobRecord | undefined): string | undefined {
  if (job?.state === "failed") return `failed: ${job.failure?.message ?? "unknown error"}`;
  if (job?.state === "cancelled") return "cancelled";
  return undefined;
}
