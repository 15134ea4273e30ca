import { isPreviousShot, parseAspect, parseAudio, parseContinuity, parseDuration, parseResolution, parseSeed, parseTakes, splitImageList, type FieldValue } from "./fieldValues";
import type { ShotField, ShotListProblem, ShotSource, ShotSpec } from "./shotListTypes";

/** One field's raw input: where it came from and what was written (numbers and booleans from JSON). */
export interface RawCell {
  column: string;
  value: string | number | boolean | string[];
  /** Seconds per unit, from a heading such as "Duration (min)". */
  unitSeconds?: number;
}

export type RawShot = Partial<Record<ShotField, RawCell>>;

function text(cell: RawCell): string {
  return Array.isArray(cell.value) ? cell.value.join("; ") : String(cell.value);
}

/**
 * Turns one row's cells into a shot, reporting each unreadable value at its column. Values are
 * only read here; whether the model accepts them is the plan's job (core validation).
 */
export function buildShot(raw: RawShot, base: { id: string; order: number; scene?: string; source: ShotSource }, problems: ShotListProblem[]): ShotSpec {
  const shot: ShotSpec = { id: base.id, order: base.order, source: base.source, cells: {}, ...(base.scene ? { scene: base.scene } : {}) };
  const report = (field: ShotField, result: FieldValue<unknown>): result is { ok: false; message: string; fix: string } => {
    if (result.ok) return false;
    problems.push({ severity: "error", ...base.source, column: raw[field]?.column, message: result.message, fix: result.fix });
    return true;
  };
  for (const [field, cell] of Object.entries(raw) as [ShotField, RawCell][]) {
    const written = text(cell).trim();
    if (written === "") continue;
    shot.cells[field] = { column: cell.column, text: written };
    const value = cell.value;
    switch (field) {
      case "shot":
      case "scene":
        break;
      case "description":
      case "setting":
      case "camera":
      case "movement":
      case "lens":
      case "notes":
      case "model":
      case "provider":
      case "negative":
      case "lastFrame":
      case "imageModel":
      case "imagePrompt":
      case "editPrompt":
      case "editModel":
        shot[field] = written;
        break;
      case "firstFrame":
        // `previous`: the last frame of the shot before, not an image file.
        if (isPreviousShot(written)) shot.continuesFrom = "previous";
        else shot.firstFrame = written;
        break;
      case "continuity": {
        const result = parseContinuity(typeof value === "boolean" ? value : written);
        if (!report(field, result) && result.value) shot.continuesFrom = "previous";
        break;
      }
      case "referenceImages":
        shot.referenceImages = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : splitImageList(written);
        break;
      case "duration": {
        const result = parseDuration(typeof value === "number" ? value : written, cell.unitSeconds);
        if (!report(field, result)) shot.durationSeconds = result.value;
        break;
      }
      case "seed": {
        const result = parseSeed(typeof value === "number" ? value : written);
        if (!report(field, result)) shot.seed = result.value;
        break;
      }
      case "takes": {
        const result = parseTakes(typeof value === "number" ? value : written);
        if (!report(field, result)) shot.takes = result.value;
        break;
      }
      case "aspect": {
        const result = parseAspect(written);
        if (!report(field, result)) shot.aspect = result.value;
        break;
      }
      case "resolution": {
        const result = parseResolution(written);
        if (!report(field, result)) shot.resolution = result.value;
        break;
      }
      case "audio": {
        const result = parseAudio(typeof value === "boolean" ? value : written);
        if (!report(field, result)) shot.audio = result.value;
        break;
      }
    }
  }
  return shot;
}

/** Shot ids must be unique: the timeline, the file names and the ledger all key on them. */
export function checkUniqueIds(shots: readonly ShotSpec[], problems: ShotListProblem[]): void {
  const seen = new Map<string, ShotSpec>();
  for (const shot of shots) {
    const key = shot.id.toLowerCase();
    const first = seen.get(key);
    if (first) {
      const where = first.source.row !== undefined ? `row ${first.source.row}` : first.source.line !== undefined ? `line ${first.source.line}` : first.source.path ?? "earlier";
      problems.push({ severity: "error", ...shot.source, column: shot.cells.shot?.column, message: `shot ${shot.id} appears twice (first at ${where})`, fix: "give each shot its own number, such as 3A and 3B" });
    } else seen.set(key, shot);
  }
}

/** A letter suffix for the n-th shot of a scene: A, B, ..., Z, AA, AB. */
export function shotLetter(index: number): string {
  let n = index;
  let out = "";
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}
