/**
 * Fills a Premiere sequence from a shot list while it runs (the panel's side of issue 7).
 *
 *   const fill = await TimelineFill.reserve(plan.jobs, { host, ledger, files, track: 0, start: "end", shotListName: plan.name });
 *   const deps = createPipelineDeps({ ..., importClip: fill.importClip, place: fill.place });
 *   const stop = ledger.subscribe(fill.jobChanged);
 *   await new Scheduler(new JobPipeline(deps), ledger, clock, { goal: "placed", ... }).run(ids);
 *
 * Before anything is spent, one slot per shot is reserved in list order on the chosen track
 * (frame-exact, from placementSlots.ts) and marked with a sequence marker named with the shot id,
 * the prompt in its comments and a colour for its state. As each take finishes it is imported into
 * `<target bin>/<shot list name>` with Shotbin's columns; the slot's take (take 1 unless replaced)
 * is placed into its slot, trimmed to the shot's duration, whatever order shots finish in. Other
 * takes go to the bin only, their files named `..._take2.mp4` and so on. A failed shot leaves its
 * marker red with the reason. `replaceWithTake` swaps the clip in a slot. Slots, markers and the
 * chosen take are kept in each job's ledger extras, so `TimelineFill.resume` picks a run up after
 * a restart.
 */
import { HostError } from "../core/errors";
import type { JobRecord, JobState } from "../core/jobRecord";
import type { JsonObject } from "../core/json";
import type { Ledger } from "../core/ledger";
import type { FileSystem } from "../core/seams/fileSystem";
import { placementForSlot, planPlacementSlots, type PlacementSlot, type SlotStart } from "../host/placementSlots";
import type { BinRef, ClipRef, MarkerColour, MarkerRef, PlacementReport, PremiereHost } from "../host/premiereHost";
import { slotSeconds } from "./timelineLayout";

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

/** One shot's reserved place on the timeline. */
export interface ShotSlot {
  shotId: string;
  order: number;
  slot: PlacementSlot;
  sequenceId: string;
  marker?: MarkerRef;
  /** The take placed (or to be placed) in the slot. */
  take: number;
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

interface StoredSlot {
  sequenceId: string;
  track: number;
  startFrame: number;
  durationFrames: number;
  index: number;
  take: number;
  marker?: MarkerRef;
}

function storedSlot(job: JobRecord): StoredSlot | undefined {
  const value = job.extra?.timeline as unknown as StoredSlot | undefined;
  return value && typeof value.startFrame === "number" ? value : undefined;
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
  private bin: Promise<BinRef> | undefined;
  /** Problems worth showing before the run (slots over existing clips, for example). */
  readonly warnings: string[] = [];

  private constructor(
    private readonly options: TimelineFillOptions,
    slots: ShotSlot[],
    private readonly runId: string | undefined,
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
    const byOrder = new Map<number, JobRecord[]>();
    for (const job of jobs) byOrder.set(job.shot.order, [...(byOrder.get(job.shot.order) ?? []), job]);
    const orders = [...byOrder.keys()].sort((a, b) => a - b);
    const planned = planPlacementSlots(sequence, {
      start: options.start,
      track: options.track,
      durations: orders.map((order) => ({ seconds: slotSeconds(byOrder.get(order)![0]!) })),
      ...(options.gapFrames !== undefined ? { gapFrames: options.gapFrames } : {}),
    });
    const slots: ShotSlot[] = orders.map((order, i) => ({ shotId: byOrder.get(order)![0]!.shot.shotId, order, slot: planned[i]!, sequenceId: sequence.id, take: 1 }));
    const fill = new TimelineFill(options, slots, jobs[0]?.runId);
    if (slots.length > 0 && slots[0]!.slot.startFrame < sequence.endFrame && options.track < sequence.videoTrackCount) {
      fill.warnings.push(`The shots start at frame ${slots[0]!.slot.startFrame}, before the end of the sequence (frame ${sequence.endFrame}): placing them overwrites what is on track V${options.track + 1} there.`);
    }
    for (const shot of slots) {
      const first = byOrder.get(shot.order)!.sort((a, b) => a.shot.take - b.shot.take)[0]!;
      shot.marker = await options.host.addSequenceMarker({
        name: shot.shotId,
        comments: first.request.prompt,
        colour: markerColourFor(first.state),
        at: { frames: shot.slot.startFrame },
        duration: { frames: shot.slot.durationFrames },
        sequenceId: shot.sequenceId,
      });
      fill.shown.set(shot.order, `${markerColourFor(first.state)}\n${first.request.prompt}`);
      for (const job of byOrder.get(shot.order)!) await fill.persist(job.id, shot);
    }
    return fill;
  }

  /** Picks a run up after a restart, from the slots kept in its jobs' ledger extras. */
  static resume(ledger: Ledger, runId: string, options: Omit<TimelineFillOptions, "ledger" | "track" | "start">): TimelineFill | undefined {
    const slots = new Map<number, ShotSlot>();
    for (const job of ledger.jobs()) {
      if (job.runId !== runId) continue;
      const stored = storedSlot(job);
      if (!stored || slots.has(job.shot.order)) continue;
      slots.set(job.shot.order, {
        shotId: job.shot.shotId,
        order: job.shot.order,
        sequenceId: stored.sequenceId,
        take: stored.take,
        slot: { index: stored.index, track: stored.track, startFrame: stored.startFrame, durationFrames: stored.durationFrames },
        ...(stored.marker ? { marker: stored.marker } : {}),
      });
    }
    if (slots.size === 0) return undefined;
    const track = [...slots.values()][0]!.slot.track;
    return new TimelineFill({ ...options, ledger, track, start: "end" }, [...slots.values()], runId);
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
    });
    return outcome.clip.id;
  };

  /** PipelineDeps.place: the slot's take goes into its slot, trimmed to the shot; other takes stay in the bin. */
  readonly place = async (job: JobRecord): Promise<void> => {
    const shot = this.slotsByOrder.get(job.shot.order);
    if (!shot || job.shot.take !== shot.take) return;
    const report = await this.placeTake(shot, job);
    const placed = report.placed[0];
    if (placed && !placed.exact) {
      throw new HostError("unexpected", `Shot ${shot.shotId} landed at frames ${placed.landed?.startFrame}–${placed.landed?.endFrame}, not in its slot ${shot.slot.startFrame}–${shot.slot.startFrame + shot.slot.durationFrames}.`);
    }
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
    const report = await this.placeTake(shot, job);
    shot.take = take;
    for (const candidate of this.jobsOf(shot.order)) await this.persist(candidate.id, shot);
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

  private async placeTake(shot: ShotSlot, job: JobRecord): Promise<PlacementReport> {
    const clip: ClipRef = { id: job.clipId!, name: baseName(job.file!), mediaPath: job.file! };
    return this.options.host.placeClips([placementForSlot(shot.slot, clip)], { sequenceId: shot.sequenceId });
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
    const comments =
      job.state === "failed"
        ? `Failed: ${job.failure?.message ?? "unknown error"}\n\n${prompt}`
        : shot.take > 1
          ? `Take ${shot.take}\n\n${prompt}`
          : prompt;
    const key = `${colour}\n${comments}`;
    if (this.shown.get(shot.order) === key) return;
    shot.marker = await this.options.host.updateMarker(shot.marker, { colour, comments });
    this.shown.set(shot.order, key);
  }

  private async persist(jobId: string, shot: ShotSlot): Promise<void> {
    const job = this.options.ledger.get(jobId);
    if (!job) return;
    const timeline: StoredSlot = {
      sequenceId: shot.sequenceId,
      track: shot.slot.track,
      startFrame: shot.slot.startFrame,
      durationFrames: shot.slot.durationFrames,
      index: shot.slot.index,
      take: shot.take,
      ...(shot.marker ? { marker: shot.marker } : {}),
    };
    await this.options.ledger.update(jobId, { extra: { ...(job.extra ?? {}), timeline: timeline as unknown as JsonObject } });
  }
}
