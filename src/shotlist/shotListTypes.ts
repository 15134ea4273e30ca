/**
 * A shot list as Shotbin reads it, whatever the file looked like: CSV from a spreadsheet, JSON, or
 * a Fountain script. Parsers fill these; the plan builder turns them into jobs.
 */

/** Where a problem or a shot came from, for messages an editor can act on. */
export interface ShotSource {
  file?: string;
  /** Spreadsheet row: the header is row 1 (CSV). */
  row?: number;
  /** Physical line in the file (CSV records can span lines; Fountain). */
  line?: number;
  /** The column heading (CSV), the key (JSON) or the shot option (Fountain) at fault. */
  column?: string;
  /** JSON: `shots[3]`. */
  path?: string;
}

export interface ShotListProblem extends ShotSource {
  severity: "error" | "warning";
  message: string;
  /** What to do about it. */
  fix?: string;
}

/** The settings a shot can carry. Every parser maps its columns, keys or options onto these. */
export const SHOT_FIELDS = [
  "shot",
  "scene",
  "description",
  "setting",
  "duration",
  "camera",
  "movement",
  "lens",
  "notes",
  "model",
  "provider",
  "seed",
  "aspect",
  "resolution",
  "negative",
  "firstFrame",
  "lastFrame",
  "referenceImages",
  "takes",
  "audio",
  "imageModel",
  "imagePrompt",
  "editPrompt",
  "editModel",
  "continuity",
] as const;
export type ShotField = (typeof SHOT_FIELDS)[number];

/**
 * How each take gets its seed when a shot gives none:
 * - `fixed`: every take uses `seed`;
 * - `per-shot`: a seed derived from `base` and the shot id, stable across runs; take N adds N-1;
 * - `random-recorded`: drawn at plan time and recorded in the ledger, so it can be reused.
 */
export type SeedPolicy = { kind: "fixed"; seed: number } | { kind: "per-shot"; base: number } | { kind: "random-recorded" };

/** What fills the gaps a shot leaves. */
export interface ShotDefaults {
  model?: string;
  provider?: string;
  aspect?: string;
  resolution?: string;
  durationSeconds?: number;
  takes?: number;
  audio?: boolean;
  negative?: string;
  seedPolicy?: SeedPolicy;
  /** How camera, movement, lens and setting are folded into the prompt (see promptTemplate.ts). */
  promptTemplate?: string;
  /** The image model of shots with an image step that name none. */
  imageModel?: string;
}

export interface ShotSpec {
  /** The shot's id in its list ("12A"); generated from scene and position when the list has none. */
  id: string;
  scene?: string;
  /** Position in the list, from 0: the scheduler's priority and the timeline order. */
  order: number;
  source: ShotSource;
  description?: string;
  setting?: string;
  camera?: string;
  movement?: string;
  lens?: string;
  notes?: string;
  model?: string;
  provider?: string;
  durationSeconds?: number;
  seed?: number;
  aspect?: string;
  resolution?: string;
  negative?: string;
  audio?: boolean;
  /** Paths (relative to the list's folder) or http(s) URLs. */
  firstFrame?: string;
  lastFrame?: string;
  referenceImages?: string[];
  /**
   * `previous`: the shot's first frame is the last frame of the previous shot's chosen take
   * (the Continuity column, or `previous` in the First frame column). Resolved just before submit.
   */
  continuesFrom?: "previous";
  takes?: number;
  /**
   * The image step: a still made first (image model, image prompt, optionally refined with an edit
   * prompt on the edit model) and then animated as the shot's first frame (imageStepPlan.ts).
   */
  imageModel?: string;
  /** What the still shows; default: the shot's prompt. */
  imagePrompt?: string;
  editPrompt?: string;
  /** Default: the image model, when it edits. */
  editModel?: string;
  /** For each field: the column, key or option it came from, and its text as written. */
  cells: Partial<Record<ShotField, { column: string; text: string }>>;
}

/** `markers`: sequence markers read as a shot list (src/timeline/markerShotList.ts). */
export type ShotListFormat = "csv" | "json" | "fountain" | "markers";

export interface ShotList {
  name: string;
  format: ShotListFormat;
  file?: string;
  defaults: ShotDefaults;
  shots: ShotSpec[];
  /** Problems found while reading; plan problems are added by the plan builder. */
  problems: ShotListProblem[];
  /** Columns (CSV) or keys (JSON) that matched no field and were ignored. */
  ignored: string[];
}

export function hasErrors(problems: readonly ShotListProblem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/** `shots.csv: row 14 (line 17), column "Length": duration ...  Fix: ...` */
export function formatProblem(problem: ShotListProblem): string {
  const where: string[] = [];
  if (problem.row !== undefined) where.push(`row ${problem.row}${problem.line !== undefined && problem.line !== problem.row ? ` (line ${problem.line})` : ""}`);
  else if (problem.line !== undefined) where.push(`line ${problem.line}`);
  if (problem.path) where.push(problem.path);
  if (problem.column) where.push(`column "${problem.column}"`);
  const location = [problem.file, where.join(", ")].filter(Boolean).join(": ");
  const text = `${location ? `${location}: ` : ""}${problem.message}`;
  return problem.fix ? `${text}. Fix: ${problem.fix}` : text;
}
