/**
 * Compare mode on Generate, as data: one draft sent to 2 to 4 models, priced per model before
 * anything is sent, and the takes that came back rebuilt from the ledger (each job carries
 * `extra.compare = { groupId, model }`) as one column per model, with time to result and QA.
 * Pure functions; CompareController and the Compare* components use them.
 */
import type { JobRecord, JobState } from "../../core/jobRecord";
import type { ModelSpec } from "../../core/modelSpec";
import { formatUsd, roundUsd } from "../../core/pricing";
import type { ProviderId } from "../../core/request";
import { findModel } from "../../providers/catalog";
import { describeProvider } from "../../providers/providerDescriptions";
import { checkDraft, draftForModel, takesText, type DraftCheck, type GenerateDraft } from "./generateDraft";
import { jobExtra, stateRank } from "./jobExtras";
import { stateText } from "./jobMessages";

export const MIN_COMPARE_MODELS = 2;
export const MAX_COMPARE_MODELS = 4;
/** The sub-bin (under the shot's bin) that keeps the takes not chosen. */
export const TAKES_BIN = "Takes";

export interface CompareState {
  /** Compare mode is on (the Generate tab shows the model list instead of one model). */
  on: boolean;
  /** Chosen models as `provider|model`, in the order they were ticked. */
  models: string[];
  /** The last refusal of Send to N models. */
  problem?: string;
  /** The decision being carried out (a group id), so one click chooses once. */
  choosing?: string;
}

export function emptyCompareState(): CompareState {
  return { on: false, models: [] };
}

export function modelKey(provider: ProviderId, model: string): string {
  return `${provider}|${model}`;
}

export function specOfKey(key: string): ModelSpec | undefined {
  const bar = key.indexOf("|");
  return bar > 0 ? findModel(key.slice(0, bar) as ProviderId, key.slice(bar + 1)) : undefined;
}

// ---------------------------------------------------------------- before sending

export interface CompareModelPlan {
  key: string;
  displayName: string;
  spec?: ModelSpec;
  /** The draft as this model takes it: options it cannot take fall back to its defaults. */
  draft: GenerateDraft;
  check: DraftCheck;
  /** This model's takes together; NaN when its price is unknown. */
  usd: number;
  /** "8 s at 720p, 1 take: $1.20". */
  summary: string;
  problems: string[];
}

export interface ComparePlan {
  models: CompareModelPlan[];
  totalUsd: number;
  /** "$2.40 for 3 models, 1 take each". */
  totalText: string;
  /** Some model's price is not confirmed or unknown. */
  priceUncertain: boolean;
  problems: string[];
  ok: boolean;
}

/** The images the editor set that `spec` cannot take: a comparison must send every model the same shot. */
function imageProblems(spec: ModelSpec, draft: GenerateDraft): string[] {
  const problems: string[] = [];
  const caps = spec.capabilities;
  if (draft.firstFrame && caps.firstFrame === "none") problems.push("takes no first frame");
  if (draft.lastFrame && caps.lastFrame === "none") problems.push("takes no last frame");
  if (draft.referenceImages.length > caps.maxReferenceImages) problems.push(caps.maxReferenceImages === 0 ? "takes no reference images" : `takes at most ${caps.maxReferenceImages} reference images`);
  return problems;
}

export function planModel(key: string, draft: GenerateDraft, usable: readonly ProviderId[]): CompareModelPlan {
  const spec = specOfKey(key);
  if (!spec) return { key, displayName: key, draft, check: checkDraft(undefined, draft), usd: Number.NaN, summary: "unknown model", problems: ["Shotbin does not know this model"] };
  const own = draftForModel(draft, spec);
  const check = checkDraft(spec, own);
  const problems = [...imageProblems(spec, draft)];
  if (!usable.includes(spec.provider)) problems.push(`no ${describeProvider(spec.provider).displayName} key is set`);
  for (const [field, messages] of Object.entries(check.issues)) {
    if (field !== "prompt") problems.push(...messages);
  }
  const usd = check.totalUsd ?? Number.NaN;
  const resolved = check.resolved;
  const what = resolved ? `${resolved.durationSeconds} s at ${resolved.resolution}, ${takesText(own.takes)}` : takesText(own.takes);
  const price = Number.isFinite(usd) ? formatUsd(usd) : "price unknown";
  return { key, displayName: spec.displayName, spec, draft: own, check, usd, summary: `${what}: ${price}`, problems };
}

/** Every chosen model's price and problems, the total, and whether Send may go. */
export function planCompare(draft: GenerateDraft, keys: readonly string[], usable: readonly ProviderId[]): ComparePlan {
  const models = keys.map((key) => planModel(key, draft, usable));
  const problems: string[] = [];
  if (keys.length < MIN_COMPARE_MODELS) problems.push(`choose at least ${MIN_COMPARE_MODELS} models to compare`);
  if (keys.length > MAX_COMPARE_MODELS) problems.push(`compare at most ${MAX_COMPARE_MODELS} models at once`);
  const promptIssue = models.find((model) => model.check.issues.prompt)?.check.issues.prompt?.[0];
  if (promptIssue) problems.push(promptIssue);
  const totalUsd = roundUsd(models.reduce((sum, model) => sum + (Number.isFinite(model.usd) ? model.usd : 0), 0));
  const unknown = models.some((model) => !Number.isFinite(model.usd));
  const priceUncertain = unknown || models.some((model) => model.check.priceConfirmed === false);
  const each = takesText(draft.takes) + (keys.length === 1 ? "" : " each");
  const totalText = `${unknown ? "at least " : ""}${formatUsd(totalUsd)} for ${keys.length} model${keys.length === 1 ? "" : "s"}, ${each}`;
  const ok = problems.length === 0 && models.every((model) => model.problems.length === 0 && model.check.ok);
  return { models, totalUsd, totalText, priceUncertain, problems, ok };
}

// ---------------------------------------------------------------- after sending: the groups in the ledger

export type CompareRole = "chosen" | "kept" | "discarded";

export interface CompareExtra {
  groupId: string;
  /** `provider|model`. */
  model: string;
  /** Set when the editor chose: the chosen take, a take kept in the Takes sub-bin, or one left out of the project. */
  role?: CompareRole;
}

export function compareExtra(job: Pick<JobRecord, "extra">): CompareExtra | undefined {
  const value = (job.extra as Record<string, unknown> | undefined)?.compare as Record<string, unknown> | undefined;
  if (!value || typeof value.groupId !== "string" || typeof value.model !== "string") return undefined;
  const role = value.role === "chosen" || value.role === "kept" || value.role === "discarded" ? value.role : undefined;
  return { groupId: value.groupId, model: value.model, ...(role ? { role } : {}) };
}

export function compareJson(extra: CompareExtra): { groupId: string; model: string; role?: CompareRole } {
  return { groupId: extra.groupId, model: extra.model, ...(extra.role ? { role: extra.role } : {}) };
}

export type QaVerdict = "pass" | "warn" | "fail";

export interface TakeQa {
  verdict: QaVerdict;
  score: number;
  defectKinds: string[];
  measuredAt: string;
}

/** `extra.qa` as the relay's QA writes it; anything else is not a result. */
export function takeQa(job: Pick<JobRecord, "extra">): TakeQa | undefined {
  const qa = (job.extra as Record<string, unknown> | undefined)?.qa as Record<string, unknown> | undefined;
  if (!qa || (qa.verdict !== "pass" && qa.verdict !== "warn" && qa.verdict !== "fail")) return undefined;
  if (typeof qa.score !== "number" || !Number.isFinite(qa.score) || typeof qa.measuredAt !== "string") return undefined;
  if (!Array.isArray(qa.defectKinds) || !qa.defectKinds.every((kind) => typeof kind === "string")) return undefined;
  return { verdict: qa.verdict, score: qa.score, defectKinds: qa.defectKinds as string[], measuredAt: qa.measuredAt };
}

export type QaBadge = { kind: "result"; qa: TakeQa } | { kind: "pending" } | { kind: "needs-relay" } | { kind: "none" };

const ON_ITS_WAY: readonly JobState[] = ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding"];

export function isOnItsWay(job: JobRecord): boolean {
  return ON_ITS_WAY.includes(job.state);
}

function qaBadge(job: JobRecord, relayConfigured: boolean): QaBadge {
  const qa = takeQa(job);
  if (qa) return { kind: "result", qa };
  if (job.state === "failed" || job.state === "cancelled") return { kind: "none" };
  return relayConfigured ? { kind: "pending" } : { kind: "needs-relay" };
}

export interface CompareTakeView {
  id: string;
  /** The take's number within its model (1, 2, …). */
  take: number;
  state: JobState;
  statusText: string;
  /** 0 to 100 while the provider works on it. */
  progress?: number;
  usd: number;
  /** From sending to the file on disk (ready), once it got there. */
  secondsToResult?: number;
  /** ISO time it was sent, for a live elapsed time while it is on its way. */
  sentAt: string;
  clipName?: string;
  failure?: string;
  qa: QaBadge;
  role?: CompareRole;
  discarded: boolean;
}

export interface CompareColumnView {
  key: string;
  displayName: string;
  provider: ProviderId;
  usd: number;
  takes: CompareTakeView[];
}

export interface CompareGroupView {
  groupId: string;
  shotId: string;
  prompt: string;
  createdAt: string;
  columns: CompareColumnView[];
  totalUsd: number;
  /** Takes still on their way to the file. */
  waiting: number;
  /** The take the editor chose, once chosen. */
  chosenId?: string;
  /** A take can be chosen now: every take has stopped and none is chosen yet. */
  canChoose: boolean;
}

function firstAt(job: JobRecord, states: readonly JobState[]): number | undefined {
  const entry = job.history.find((step) => states.includes(step.state));
  return entry ? Date.parse(entry.at) : undefined;
}

function takeView(job: JobRecord, take: number, relayConfigured: boolean): CompareTakeView {
  const compare = compareExtra(job);
  const sent = firstAt(job, ["submitting"]) ?? Date.parse(job.createdAt);
  const ready = firstAt(job, ["ready"]);
  const discarded = jobExtra(job).discarded === true;
  const running = job.state === "running" || job.state === "queued";
  return {
    id: job.id,
    take,
    state: job.state,
    statusText: discarded ? "Not imported" : compare?.role === "kept" && job.state === "imported" ? "In Takes" : stateText(job.state),
    ...(running && job.progress !== undefined ? { progress: Math.round(job.progress * 100) } : {}),
    usd: job.estimate.usd,
    ...(ready !== undefined ? { secondsToResult: Math.max(0, Math.round((ready - sent) / 1000)) } : {}),
    sentAt: new Date(sent).toISOString(),
    ...(job.file ? { clipName: job.file.split(/[\\/]/).pop() ?? job.file } : {}),
    ...(job.failure ? { failure: job.failure.message } : {}),
    qa: qaBadge(job, relayConfigured),
    ...(compare?.role ? { role: compare.role } : {}),
    discarded,
  };
}

/** Every compare group in the ledger, newest first, each as one column per model in the order they were sent. */
export function compareGroups(jobs: readonly JobRecord[], relayConfigured: boolean): CompareGroupView[] {
  const byGroup = new Map<string, JobRecord[]>();
  for (const job of jobs) {
    const compare = compareExtra(job);
    if (compare) byGroup.set(compare.groupId, [...(byGroup.get(compare.groupId) ?? []), job]);
  }
  const groups: CompareGroupView[] = [];
  for (const [groupId, members] of byGroup) {
    const sorted = [...members].sort((a, b) => a.shot.take - b.shot.take);
    const columns = new Map<string, CompareColumnView>();
    for (const job of sorted) {
      const key = compareExtra(job)!.model;
      let column = columns.get(key);
      if (!column) {
        column = { key, displayName: findModel(job.request.provider, job.request.model)?.displayName ?? job.request.model, provider: job.request.provider, usd: 0, takes: [] };
        columns.set(key, column);
      }
      column.takes.push(takeView(job, column.takes.length + 1, relayConfigured));
      column.usd = roundUsd(column.usd + (Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0));
    }
    const first = sorted[0]!;
    const chosen = sorted.find((job) => compareExtra(job)?.role === "chosen");
    const waiting = sorted.filter(isOnItsWay).length;
    const any = sorted.some((job) => stateRank(job.state) >= stateRank("ready"));
    groups.push({
      groupId,
      shotId: first.shot.shotId,
      prompt: first.request.prompt,
      createdAt: first.createdAt,
      columns: [...columns.values()],
      totalUsd: roundUsd([...columns.values()].reduce((sum, column) => sum + column.usd, 0)),
      waiting,
      ...(chosen ? { chosenId: chosen.id } : {}),
      canChoose: !chosen && waiting === 0 && any,
    });
  }
  return groups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.groupId.localeCompare(a.groupId));
}

/** Whether a take in a group can be the chosen one: it reached its file and was not discarded. */
export function isChoosable(job: JobRecord): boolean {
  return stateRank(job.state) >= stateRank("ready") && jobExtra(job).discarded !== true;
}

/** "0:42", "3 min 5 s" style time for a column. */
export function durationText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}
