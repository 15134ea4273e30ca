/**
 * Shotbin's Project-panel columns: the custom properties it registers in Premiere's project
 * metadata schema, their labels and types, and how a shot's fields become column text.
 */
import { HostError } from "../core/errors";
import type { ShotColumnKey, ShotColumnValues, ShotMetadata } from "./premiereHost";

export type ShotColumnType = "text" | "integer" | "real";

export interface ShotColumn {
  key: ShotColumnKey;
  /** Property name in Premiere's private project metadata namespace: an XML name, no spaces. */
  property: string;
  /** What the Project panel shows as the column heading. */
  label: string;
  type: ShotColumnType;
}

export const SHOT_COLUMNS: readonly ShotColumn[] = [
  { key: "prompt", property: "ShotbinPrompt", label: "AI Prompt", type: "text" },
  { key: "model", property: "ShotbinModel", label: "AI Model", type: "text" },
  { key: "provider", property: "ShotbinProvider", label: "AI Provider", type: "text" },
  // Seeds can exceed 32 bits and some providers use strings, so the column is text.
  { key: "seed", property: "ShotbinSeed", label: "AI Seed", type: "text" },
  { key: "job", property: "ShotbinJob", label: "AI Job", type: "text" },
  { key: "cost", property: "ShotbinCost", label: "AI Cost", type: "real" },
  { key: "shot", property: "ShotbinShot", label: "Shot", type: "text" },
  { key: "take", property: "ShotbinTake", label: "Take", type: "integer" },
  // Lineage: the still a clip was animated from (or a variant refined from), and the job that bought it.
  { key: "sourceStill", property: "ShotbinSourceStill", label: "AI Source Still", type: "text" },
  { key: "sourceStillJob", property: "ShotbinSourceStillJob", label: "AI Source Still Job", type: "text" },
  // Take QA (through the relay or `shotbin qa`): verdict, score and defect kinds.
  { key: "qa", property: "ShotbinQa", label: "QA", type: "text" },
];

/** Column text for each field given. Throws `invalid-request` for values the column type cannot hold. */
export function shotColumnText(fields: ShotMetadata): ShotColumnValues {
  const text: ShotColumnValues = {};
  if (fields.prompt !== undefined) text.prompt = fields.prompt;
  if (fields.model !== undefined) text.model = fields.model;
  if (fields.provider !== undefined) text.provider = fields.provider;
  if (fields.seed !== undefined) text.seed = String(fields.seed);
  if (fields.job !== undefined) text.job = fields.job;
  if (fields.shot !== undefined) text.shot = fields.shot;
  if (fields.sourceStill !== undefined) text.sourceStill = fields.sourceStill;
  if (fields.sourceStillJob !== undefined) text.sourceStillJob = fields.sourceStillJob;
  if (fields.qa !== undefined) text.qa = fields.qa;
  if (fields.costUsd !== undefined) {
    if (!Number.isFinite(fields.costUsd) || fields.costUsd < 0) {
      throw new HostError("invalid-request", `A cost must be a non-negative number of dollars, not ${fields.costUsd}.`);
    }
    // Four decimals keep fractions of a cent (per-second prices) without float noise.
    text.cost = String(Number(fields.costUsd.toFixed(4)));
  }
  if (fields.take !== undefined) {
    if (!Number.isInteger(fields.take) || fields.take < 1) {
      throw new HostError("invalid-request", `A take number must be a whole number from 1, not ${fields.take}.`);
    }
    text.take = String(fields.take);
  }
  return text;
}

export function shotColumn(key: ShotColumnKey): ShotColumn {
  const column = SHOT_COLUMNS.find((c) => c.key === key);
  if (!column) throw new Error(`No Shotbin column "${key}".`);
  return column;
}
