/**
 * What the Frames tab shows, computed from the ledger's image jobs: boards (one per Generate
 * frames, F1, F2, ...) of tiles (one per still), each variant placed right after the frame it was
 * refined from, with its state, its price, and why it failed when it did.
 */
import type { ImageJobRecord } from "../../core/imageJobRecord";
import type { JobState } from "../../core/jobRecord";
import type { JsonObject } from "../../core/json";
import { findImageModel } from "../../providers/imageCatalog";
import type { FramesDraft, RefineDraft } from "./framesDraft";

/** A still the art director picked: the frame to refine or animate. */
export interface FramePick {
  jobId: string;
  index: number;
}

export interface FramesState {
  draft: FramesDraft;
  refine: RefineDraft;
  sending: boolean;
  /** The last refusal of Generate frames, shown under the button. */
  problem?: string;
  refineProblem?: string;
  /** A note from the last Animate (a model switched, say). */
  animateNote?: string;
  pick?: FramePick;
}

/** What a Frames job records in its `extra.frames`: its board, and the frame it refines. */
export interface FramesExtra {
  board: string;
  source?: FramePick;
}

export function framesExtraOf(job: Pick<ImageJobRecord, "extra">): FramesExtra | undefined {
  const frames = (job.extra as Record<string, unknown> | undefined)?.frames as Record<string, unknown> | undefined;
  if (!frames || typeof frames.board !== "string") return undefined;
  const source = frames.source as Record<string, unknown> | undefined;
  const valid = source && typeof source.jobId === "string" && Number.isInteger(source.index);
  return { board: frames.board, ...(valid ? { source: { jobId: source.jobId as string, index: source.index as number } } : {}) };
}

export function framesExtraJson(extra: FramesExtra): JsonObject {
  return { board: extra.board, ...(extra.source ? { source: { jobId: extra.source.jobId, index: extra.source.index } } : {}) };
}

export interface FrameTile {
  key: string;
  jobId: string;
  index: number;
  /** The still's number in its board, as its Take column says. */
  number: number;
  board: string;
  label: string;
  prompt: string;
  state: JobState;
  progress?: number;
  /** On disk once downloaded. */
  path?: string;
  sha256?: string;
  /** Downloaded and its XMP written: it can be picked, refined and animated. */
  ready: boolean;
  usdPerImage: number;
  failure?: { message: string; charged: boolean | "unknown"; retryable: boolean; step: string };
  /** 0 for a concept frame, 1 for its variants, 2 for theirs. */
  depth: number;
  source?: FramePick;
  /** The number of the frame a variant was refined from, in the same board. */
  sourceNumber?: number;
}

export interface FrameBoard {
  id: string;
  prompt: string;
  createdAt: string;
  tiles: FrameTile[];
  totalUsd: number;
}

export function tileKey(pick: FramePick): string {
  return `${pick.jobId}:${pick.index}`;
}

const READY: readonly JobState[] = ["ready", "importing", "imported"];

function tilesOf(job: ImageJobRecord, depth: number, board: string): FrameTile[] {
  const count = job.outputs?.length || job.request.count;
  const label = findImageModel(job.request.provider, job.request.model)?.displayName ?? job.request.model;
  const perStill = job.estimate.images > 0 ? job.estimate.usd / job.estimate.images : Number.NaN;
  const source = framesExtraOf(job)?.source;
  return Array.from({ length: count }, (_, index) => {
    const file = job.files?.[index];
    return {
      key: tileKey({ jobId: job.id, index }),
      jobId: job.id,
      index,
      number: job.shot.take + index,
      board,
      label,
      prompt: job.request.prompt,
      state: job.state,
      ...(job.progress !== undefined ? { progress: job.progress } : {}),
      ...(file?.path ? { path: file.path } : {}),
      ...(file?.sha256 ? { sha256: file.sha256 } : {}),
      ready: !!file?.embedded && (READY.includes(job.state) || (job.state === "failed" && job.failure?.step === "import")),
      usdPerImage: Math.round(perStill * 1e6) / 1e6,
      ...(job.failure ? { failure: { message: job.failure.message, charged: job.failure.charged, retryable: job.failure.retryable, step: job.failure.step } } : {}),
      depth,
      ...(source ? { source } : {}),
    };
  });
}

/** The boards, newest first, from every image job made in the Frames tab. */
export function frameBoards(jobs: readonly ImageJobRecord[], limit = 6): FrameBoard[] {
  const byBoard = new Map<string, ImageJobRecord[]>();
  for (const job of jobs) {
    const extra = framesExtraOf(job);
    if (!extra) continue;
    byBoard.set(extra.board, [...(byBoard.get(extra.board) ?? []), job]);
  }
  const boards: FrameBoard[] = [];
  for (const [id, members] of byBoard) {
    const sorted = [...members].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.shot.take - b.shot.take);
    const variantsOf = new Map<string, ImageJobRecord[]>();
    const roots: ImageJobRecord[] = [];
    for (const job of sorted) {
      const source = framesExtraOf(job)?.source;
      if (source && members.some((m) => m.id === source.jobId)) variantsOf.set(tileKey(source), [...(variantsOf.get(tileKey(source)) ?? []), job]);
      else roots.push(job);
    }
    const tiles: FrameTile[] = [];
    const visit = (job: ImageJobRecord, depth: number, sourceNumber?: number) => {
      for (const tile of tilesOf(job, depth, id)) {
        tiles.push(sourceNumber === undefined ? tile : { ...tile, sourceNumber });
        for (const variant of variantsOf.get(tile.key) ?? []) visit(variant, depth + 1, tile.number);
      }
    };
    roots.forEach((job) => visit(job, 0));
    const first = sorted[0]!;
    const totalUsd = Math.round(members.reduce((sum, job) => sum + (Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0), 0) * 1e6) / 1e6;
    boards.push({ id, prompt: roots[0]?.request.prompt ?? first.request.prompt, createdAt: first.createdAt, tiles, totalUsd });
  }
  return boards.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/** F1, F2, …: one more than the highest Frames board in the ledger. */
export function nextBoardId(jobs: readonly ImageJobRecord[]): string {
  let highest = 0;
  for (const job of jobs) {
    const match = /^F(\d+)$/.exec(framesExtraOf(job)?.board ?? "");
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `F${highest + 1}`;
}

/** The number the next still of `board` gets (variants continue the board's numbering). */
export function nextStillNumber(jobs: readonly ImageJobRecord[], board: string): number {
  let next = 1;
  for (const job of jobs) {
    if (framesExtraOf(job)?.board !== board) continue;
    next = Math.max(next, job.shot.take + (job.outputs?.length || job.request.count));
  }
  return next;
}

/** The tile a pick points at, if its job is still in the ledger. */
export function findTile(jobs: Readonly<Record<string, ImageJobRecord>>, pick: FramePick | undefined): FrameTile | undefined {
  if (!pick) return undefined;
  const job = jobs[pick.jobId];
  const extra = job && framesExtraOf(job);
  if (!job || !extra) return undefined;
  return tilesOf(job, 0, extra.board)[pick.index];
}
