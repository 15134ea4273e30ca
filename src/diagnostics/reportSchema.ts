/**
 * The self-check report: versioned JSON that an editor attaches to a bug report. Format 1:
 *
 *   { format: "shotbin-self-check", formatVersion: 1, runId, startedAt, finishedAt, durationMs,
 *     shotbin: { version }, premiere: { host, version, uxp, plugin, application }, os,
 *     relay: { configured }, scratch: { bin, sequence, folder, kept },
 *     summary: { total, pass, fail, skipped }, checks: [CheckEntry...] }
 *
 * A check entry says what was expected, what was observed, pass/fail/skipped, how long it took,
 * and, when the assumption failed, what Shotbin does instead (`fallback`). "skipped" is never a
 * pass: it means the check could not run here (no relay configured, nothing to compare with) and
 * says why. Nothing in a report names a key, a path outside the self-check's scratch folder, or a
 * prompt other than the test clip's.
 */
import { z } from "../core/zodConfig";
import { CHECK_IDS } from "./checkCatalogue";

export const REPORT_FORMAT = "shotbin-self-check";
export const REPORT_FORMAT_VERSION = 1;

export const checkStatusSchema = z.enum(["pass", "fail", "skipped"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const checkEntrySchema = z.strictObject({
  id: z.enum(CHECK_IDS),
  title: z.string().min(1),
  assumption: z.string().min(1),
  status: checkStatusSchema,
  expected: z.string(),
  observed: z.string(),
  /** What Shotbin does when this assumption does not hold, and whether that worked in this run. */
  fallback: z.string().optional(),
  note: z.string().optional(),
  durationMs: z.number().nonnegative(),
  /** Raw observations (counts, times, versions) for whoever reads the report. */
  details: z.record(z.string(), detailValue).optional(),
});
export type CheckEntry = z.infer<typeof checkEntrySchema>;

const nullableText = z.string().nullable();

export const selfCheckReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  formatVersion: z.literal(REPORT_FORMAT_VERSION),
  /** Also the suffix of the scratch bin, sequence and file names: `2026-08-30T14-05-12Z`. */
  runId: z.string().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  shotbin: z.strictObject({ version: z.string() }),
  premiere: z.strictObject({
    /** `uxp.host.name`. */
    host: nullableText,
    /** `uxp.host.version`. */
    version: nullableText,
    /** `uxp.versions.uxp`. */
    uxp: nullableText,
    /** `uxp.versions.plugin`. */
    plugin: nullableText,
    /** `premierepro.Application.version`. */
    application: nullableText,
  }),
  os: z.strictObject({ platform: z.string(), release: nullableText, arch: nullableText }).nullable(),
  relay: z.strictObject({ configured: z.boolean() }),
  scratch: z.strictObject({
    bin: z.string(),
    sequence: z.string(),
    /** Where the test clips were copied: the UXP temporary folder, or a folder the panel chose. */
    folder: z.enum(["temporary", "given"]),
    kept: z.boolean(),
  }),
  summary: z.strictObject({
    total: z.number().int().nonnegative(),
    pass: z.number().int().nonnegative(),
    fail: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
  }),
  checks: z.array(checkEntrySchema),
});
export type SelfCheckReport = z.infer<typeof selfCheckReportSchema>;

/** Reads a saved report; throws with every problem named when the text is not a format-1 report. */
export function parseSelfCheckReport(text: string): SelfCheckReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`This is not a self-check report: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const result = selfCheckReportSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`This is not a format-${REPORT_FORMAT_VERSION} self-check report: ${issues}.`);
  }
  return result.data;
}

export function summarize(checks: readonly CheckEntry[]): SelfCheckReport["summary"] {
  return {
    total: checks.length,
    pass: checks.filter((c) => c.status === "pass").length,
    fail: checks.filter((c) => c.status === "fail").length,
    skipped: checks.filter((c) => c.status === "skipped").length,
  };
}
