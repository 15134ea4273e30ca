/**
 * The self-check: one call that tests, in a scratch bin and a scratch sequence, every assumption
 * Shotbin makes about Premiere and UXP, and returns a report fit for a bug report. The Diagnostics
 * tab only calls this and shows the result; the browser harness and the jest tests run the same
 * code against the fake Premiere.
 *
 * Each check records what it expected, what it observed, pass / fail / skipped and its time. A
 * check that throws fails with the error as its observation; one whose prerequisite failed is
 * skipped and says which. The scratch items are removed at the end unless `keepScratch`.
 */
import type { Project } from "@adobe/premierepro";
import { describeError } from "../core/errors";
import { CHECKS } from "./checkCatalogue";
import { ALL_CHECKS } from "./checks";
import type { CheckOutcome, SelfCheckDefinition } from "./checks/checkDefinition";
import { readVersions } from "./checks/versionCheck";
import { EventLog } from "./eventLog";
import { mapJsonStrings, redactionsFor, redactJson, redactText } from "./reportPrivacy";
import { type CheckEntry, REPORT_FORMAT, REPORT_FORMAT_VERSION, type SelfCheckReport, selfCheckReportSchema, summarize } from "./reportSchema";
import type { SelfCheckDeps, SelfCheckOptions, SelfCheckProgress } from "./selfCheckDeps";
import { newIndex, runIdFor, type SelfCheckContext, SkipCheck } from "./selfCheckContext";

export const DEFAULT_USER_WAIT_MS = 15_000;
export const DEFAULT_WAIT_MS = 5_000;

async function openProject(deps: SelfCheckDeps): Promise<Project | null> {
  try {
    return ((await deps.ppro.Project.getActiveProject()) as Project | null | undefined) ?? null;
  } catch {
    return null;
  }
}

async function resolveScratchFolder(deps: SelfCheckDeps): Promise<{ folder: string | null; problem?: string }> {
  if (deps.scratchFolder) return { folder: deps.scratchFolder };
  const fileSystem = deps.uxp.storage.localFileSystem as { getTemporaryFolder?: unknown } | undefined;
  const getTemporaryFolder = fileSystem?.getTemporaryFolder;
  if (typeof getTemporaryFolder !== "function") {
    return { folder: null, problem: "UXP offers no temporary folder (storage.localFileSystem.getTemporaryFolder) to copy the test clips into." };
  }
  try {
    const folder = (await getTemporaryFolder.call(fileSystem)) as { nativePath?: unknown } | null | undefined;
    return typeof folder?.nativePath === "string" && folder.nativePath
      ? { folder: folder.nativePath }
      : { folder: null, problem: "UXP's temporary folder has no native path." };
  } catch (error) {
    return { folder: null, problem: `UXP's temporary folder is not available: ${describeError(error)}` };
  }
}

function osFacts(deps: SelfCheckDeps): SelfCheckReport["os"] {
  const os = deps.os;
  if (!os) return null;
  const read = (f: (() => string) | undefined) => {
    try {
      const value = f?.call(os);
      return typeof value === "string" && value ? value : null;
    } catch {
      return null;
    }
  };
  const platform = read(os.platform);
  return platform ? { platform, release: read(os.release), arch: read(os.arch) } : null;
}

async function runOne(ctx: SelfCheckContext, check: SelfCheckDefinition, index: number): Promise<CheckEntry> {
  const { title, assumption } = CHECKS[check.id];
  const clock = ctx.deps.clock;
  report(ctx, { type: "check-started", index, id: check.id, title });
  const started = clock.now();
  let outcome: CheckOutcome;
  try {
    outcome = await check.run(ctx);
  } catch (error) {
    outcome =
      error instanceof SkipCheck
        ? { status: "skipped", observed: error.message }
        : { status: "fail", observed: `The check stopped with an error: ${describeError(error) || "(no message)"}` };
  }
  const entry: CheckEntry = {
    id: check.id,
    title,
    assumption,
    status: outcome.status,
    expected: outcome.expected ?? check.expected,
    observed: outcome.observed,
    ...(outcome.fallback !== undefined ? { fallback: outcome.fallback } : {}),
    ...(outcome.note !== undefined ? { note: outcome.note } : {}),
    durationMs: Math.max(0, clock.now() - started),
    ...(outcome.details !== undefined ? { details: outcome.details } : {}),
  };
  const clean = mapJsonStrings(entry, ctx.redact);
  report(ctx, { type: "check-finished", index, entry: clean });
  return clean;
}

function report(ctx: Pick<SelfCheckContext, "options">, progress: SelfCheckProgress): void {
  try {
    ctx.options.onProgress?.(progress);
  } catch (error) {
    console.warn(`A self-check progress listener failed: ${describeError(error)}`);
  }
}

/** Every check, in the order they run. */
export const SELF_CHECKS: readonly SelfCheckDefinition[] = ALL_CHECKS;

export async function runSelfCheck(deps: SelfCheckDeps, options: SelfCheckOptions = {}): Promise<SelfCheckReport> {
  const clock = deps.clock;
  const startedAt = clock.now();
  const runId = runIdFor(startedAt);
  const project = await openProject(deps);
  const scratch = await resolveScratchFolder(deps);
  const redactions = redactionsFor({
    scratchFolder: scratch.folder,
    bundledClips: Object.values(deps.testClips),
    projectPath: safely(() => project?.path),
    projectName: safely(() => project?.name),
    relayToken: deps.relay?.token ?? null,
  });
  const events = new EventLog(deps.ppro, clock);
  const ctx: SelfCheckContext = {
    deps,
    ppro: deps.ppro,
    options: {
      keepScratch: options.keepScratch ?? false,
      interactive: options.interactive ?? true,
      userWaitMs: options.userWaitMs ?? DEFAULT_USER_WAIT_MS,
      waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
    runId,
    events,
    index: newIndex(deps.ppro),
    project,
    previousSequence: null,
    scratchFolder: scratch.folder,
    ...(scratch.problem ? { scratchFolderProblem: scratch.problem } : {}),
    scratchBinName: `Shotbin self-check ${runId}`,
    scratchSequenceName: `Shotbin self-check ${runId}`,
    files: [],
    clips: {},
    importResolvedAt: [],
    xmp: {},
    redact: (text) => redactText(text, redactions),
  };

  report(ctx, { type: "started", total: SELF_CHECKS.length, runId });
  const checks: CheckEntry[] = [];
  if (project) events.listenGlobally();
  try {
    for (const [index, check] of SELF_CHECKS.entries()) checks.push(await runOne(ctx, check, index));
  } finally {
    events.stop();
  }

  const finishedAt = clock.now();
  const versions = readVersions(deps);
  const result: SelfCheckReport = redactJson(
    {
      format: REPORT_FORMAT,
      formatVersion: REPORT_FORMAT_VERSION,
      runId,
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: Math.max(0, finishedAt - startedAt),
      shotbin: { version: deps.shotbinVersion },
      premiere: versions,
      os: osFacts(deps),
      relay: { configured: Boolean(deps.relay?.url) },
      scratch: {
        bin: ctx.scratchBinName,
        sequence: ctx.scratchSequenceName,
        folder: deps.scratchFolder ? "given" : "temporary",
        kept: ctx.options.keepScratch,
      },
      summary: summarize(checks),
      checks,
    } satisfies SelfCheckReport,
    redactions,
  );
  const validated = selfCheckReportSchema.parse(result);
  report(ctx, { type: "finished", report: validated });
  return validated;
}

function safely<T>(read: () => T): T | null {
  try {
    return read() ?? null;
  } catch {
    return null;
  }
}

