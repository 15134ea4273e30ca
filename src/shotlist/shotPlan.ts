/**
 * The plan of a shot list: each shot resolved to a model, its request validated and priced, its
 * images, continuity and image step checked, its takes made into ledger records with idempotency
 * keys, and every problem reported at its row and column, all before anything is spent.
 *
 * A little over 400 lines: one walk over each shot keeps all of a shot's checks in one order, so a
 * problem is reported once, at the cell that caused it; the pieces that stand alone (model choice,
 * prompt folding, seeds, continuity, image steps, budget) are already in their own modules.
 */
import type { ImageJobRecord } from "../core/imageJobRecord";
import type { JobRecord } from "../core/jobRecord";
import type { JsonObject } from "../core/json";
import type { ModelSpec } from "../core/modelSpec";
import { isDurationAllowed } from "../core/modelSpec";
import { planJob, planTotal, type PlannedTake } from "../core/plan";
import type { CostEstimate } from "../core/pricing";
import { createIdempotencyKey, type ImageInput, type ImageMediaType, type ProviderId, type ResolvedRequest } from "../core/request";
import type { ProviderLimit } from "../core/scheduler";
import type { ValidationIssue, ValidationResult } from "../core/validation";
import { describeProvider } from "../providers/providerDescriptions";
import { SIMULATOR_MODEL_ID } from "../providers/simulatorModels";
import { findModel } from "../providers/catalog";
import { budgetRefusal, type BudgetCaps } from "./budget";
import { planShotImageStep, stillPlaceholder, type ImageStepContext, type PlannedImageStep } from "./imageStepPlan";
import { CONTINUITY_PLACEHOLDER, continuityField, continuitySource, deferFirstFrame } from "./continuityPlan";
import { chooseModel, findProvider, modelOnProvider } from "./modelChoice";
import { DEFAULT_PROMPT_TEMPLATE, foldPrompt } from "./promptTemplate";
import { seedFor } from "./seedPolicy";
import type { ShotDefaults, ShotField, ShotList, ShotListProblem, ShotSpec } from "./shotListTypes";
import { hasErrors } from "./shotListTypes";
import { estimateWallTime, type WallTimeEstimate } from "./wallTime";

/** An image a shot names, resolved by the face: a URL the provider fetches, or a local file. */
export type ImageRef = { url: string } | { path: string; mediaType: ImageMediaType };

export interface PlanContext extends Partial<ImageStepContext> {
  /** The registry's `check`: validation and price from the model's capabilities. */
  check(request: unknown): ValidationResult;
  /** Providers that are enabled and have a key (the simulator always). */
  usable: readonly ProviderId[];
  /** `--provider` / `--model`: applied to every shot. */
  override?: { provider?: ProviderId; model?: string };
  /** Face-level defaults (CLI flags, panel settings); the list's own defaults win over these. */
  defaults?: ShotDefaults;
  limits?: Partial<Record<ProviderId, Partial<ProviderLimit>>>;
  /** Seconds per job for the wall-time estimate (the simulator's configured timing, for example). */
  jobSeconds?: Partial<Record<ProviderId, number>>;
  budget?: BudgetCaps;
  now?: number;
  random?: () => number;
  createKey?: () => string;
  runId?: string;
  /** Resolves a shot's image reference; a string is an error message. Default: URLs only. */
  resolveImage?(reference: string, shot: ShotSpec): ImageRef | string;
  /** How to tell the user to add a key; default: the provider's key help. */
  keyHint?(provider: ProviderId): string;
  /** The face's words for its controls (the CLI's flags by default; the panel names its own). */
  wording?: PlanWording;
}

export interface PlanWording {
  /** What to do when a shot names no model: "… or pass --model". */
  noModelFix: string;
  /** How to rehearse without the key: "rehearse on the simulator with --provider simulator". */
  rehearse: string;
}

export const CLI_WORDING: PlanWording = {
  noModelFix: "add a Model column, set defaults.model, or pass --model",
  rehearse: "rehearse on the simulator with --provider simulator",
};

export interface PlannedShotTake {
  take: number;
  request: ResolvedRequest;
  estimate: CostEstimate;
  job: JobRecord;
}

export interface PlannedShot {
  shot: ShotSpec;
  provider?: ProviderId;
  model?: string;
  /** The model the list asked for, when the run goes to the simulator instead. */
  rehearsalOf?: string;
  /** The slot's length on the timeline: the shot's own duration. */
  durationSeconds?: number;
  prompt: string;
  takes: PlannedShotTake[];
  costUsd: number;
  /** The still made first and animated as every take's first frame (image model, image prompt, edit). */
  imageStep?: PlannedImageStep;
  /** Continuity: the shot whose chosen take's last frame is this shot's first frame. */
  continuesFrom?: string;
  /** This shot has errors and is not run. */
  blocked: boolean;
}

export interface ShotPlan {
  name: string;
  runId: string;
  list: ShotList;
  shots: PlannedShot[];
  /** One planned job per take, in shot order: what the scheduler runs. */
  jobs: JobRecord[];
  /** The image steps' jobs (a still, and its edit), run before the takes that animate them. */
  imageJobs: ImageJobRecord[];
  total: { usd: number; confirmed: boolean; unknownPrices: number };
  wallTime: WallTimeEstimate;
  /** Parse problems and plan problems together. */
  problems: ShotListProblem[];
  /** Why the plan may not run: errors, or over a budget cap. */
  refusal?: string;
  /** Some shots go to the simulator because no provider key is set. */
  rehearsal: boolean;
}

/** Request fields → the shot field (and so the column) an issue is about. */
const ISSUE_FIELDS: Record<string, ShotField> = {
  durationSeconds: "duration",
  aspectRatio: "aspect",
  resolution: "resolution",
  audio: "audio",
  seed: "seed",
  negativePrompt: "negative",
  firstFrame: "firstFrame",
  lastFrame: "lastFrame",
  referenceImages: "referenceImages",
  prompt: "description",
  model: "model",
};

const MEDIA_TYPES: Record<string, ImageMediaType> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" };

function defaultResolveImage(reference: string): ImageRef | string {
  if (/^https?:\/\//i.test(reference)) return { url: reference };
  const extension = reference.split(".").pop()?.toLowerCase() ?? "";
  const mediaType = MEDIA_TYPES[extension];
  return mediaType ? { path: reference, mediaType } : `'${reference}' is not a PNG, JPEG, WebP or BMP image`;
}

function imageInput(ref: ImageRef, name: string): ImageInput {
  return "url" in ref ? { kind: "url", url: ref.url, name } : { kind: "bytes", bytes: new Uint8Array(0), mediaType: ref.mediaType, name };
}

/** The nearest setting the simulator has, so a rehearsal runs what the real model would. */
function rehearsalRequest(request: ResolvedRequest, simulator: ModelSpec): ResolvedRequest {
  const caps = simulator.capabilities;
  const durations = "values" in caps.durations ? caps.durations.values : [caps.durations.min, caps.durations.max];
  const duration = isDurationAllowed(caps.durations, request.durationSeconds)
    ? request.durationSeconds
    : (durations.find((d) => d >= request.durationSeconds) ?? durations[durations.length - 1]!);
  const aspect = request.aspectRatio && caps.aspectRatios.includes(request.aspectRatio) ? request.aspectRatio : caps.defaultAspectRatio;
  const resolution = caps.resolutions.includes(request.resolution) ? request.resolution : caps.defaultResolution;
  const { aspectRatio: _drop, ...rest } = request;
  return { ...rest, provider: "simulator", model: simulator.id, durationSeconds: duration, resolution, ...(aspect ? { aspectRatio: aspect } : {}) };
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Turns a parsed list into what will run and what it costs: one job per take, priced and checked
 * against each model's capabilities, the total, the wall time given each provider's concurrency,
 * and every problem located at its row and column. Nothing is spent here. A plan with errors, or
 * over a budget cap, carries a `refusal` and must not run, but can still be shown.
 */
export function buildShotPlan(list: ShotList, context: PlanContext): ShotPlan {
  const now = context.now ?? Date.now();
  const random = context.random ?? Math.random;
  const createKey = context.createKey ?? createIdempotencyKey;
  const runId = context.runId ?? `run-${new Date(now).toISOString().replace(/[-:]/g, "").replace(/\..*$/, "")}`;
  const defaults: ShotDefaults = { ...context.defaults, ...list.defaults };
  const template = defaults.promptTemplate ?? DEFAULT_PROMPT_TEMPLATE;
  const problems: ShotListProblem[] = [...list.problems];
  const warnings = new Map<string, ShotListProblem>();
  const keyHint = context.keyHint ?? ((provider: ProviderId) => `add ${describeProvider(provider).keyHelp}`);
  const wording = context.wording ?? CLI_WORDING;
  const onlySimulator = context.usable.every((provider) => provider === "simulator");
  const forcedSimulator = context.override?.provider === "simulator" && !context.override.model;
  const resolveImage = context.resolveImage ?? defaultResolveImage;
  const simulator = findModel("simulator", SIMULATOR_MODEL_ID)!;
  const shots: PlannedShot[] = [];
  const jobs: JobRecord[] = [];
  const imageJobs: ImageJobRecord[] = [];
  let rehearsal = false;

  const warnOnce = (key: string, problem: Omit<ShotListProblem, "severity">) => {
    if (!warnings.has(key)) warnings.set(key, { severity: "warning", ...problem });
  };

  for (const shot of list.shots) {
    const at = { ...shot.source };
    const shotProblems: ShotListProblem[] = [];
    const fail = (field: ShotField | undefined, message: string, fix: string) => {
      const cell = field ? shot.cells[field] : undefined;
      shotProblems.push({ severity: "error", ...at, ...(cell ? { column: cell.column } : {}), message: `shot ${shot.id}: ${message}`, fix });
    };
    const prompt = foldPrompt(template, {
      description: shot.description,
      setting: shot.setting,
      camera: shot.camera,
      movement: shot.movement,
      lens: shot.lens,
      scene: shot.scene,
      shot: shot.id,
      notes: shot.notes,
    });
    const planned: PlannedShot = { shot, prompt, takes: [], costUsd: 0, blocked: false, ...(shot.durationSeconds ?? defaults.durationSeconds ? { durationSeconds: shot.durationSeconds ?? defaults.durationSeconds } : {}) };
    shots.push(planned);
    if (list.problems.some((p) => p.severity === "error" && p.row === shot.source.row && p.line === shot.source.line && p.path === shot.source.path)) {
      planned.blocked = true;
      continue;
    }

    // Which model: --model, else the shot's, else the list's default, else the simulator when no key is set.
    const providerText = context.override?.provider ?? shot.provider ?? defaults.provider;
    const providerId = providerText ? (typeof providerText === "string" ? findProvider(providerText) : providerText) : undefined;
    if (providerText && !providerId) {
      fail(shot.provider ? "provider" : undefined, `provider '${providerText}' is not one Shotbin knows`, "use simulator, gemini, kling, dashscope, fal, replicate or openai");
    }
    const modelText = context.override?.model ?? (forcedSimulator ? undefined : (shot.model ?? defaults.model));
    let spec: ModelSpec | undefined;
    if (modelText) {
      const choice = chooseModel(modelText, { ...(providerId && !forcedSimulator ? { provider: providerId } : {}), preferred: context.usable });
      if (choice.ok) {
        spec = choice.spec;
        if (choice.note) warnOnce(`model:${modelText}`, { file: shot.source.file, message: choice.note });
      } else fail(shot.model && !context.override?.model ? "model" : undefined, choice.message, choice.fix);
    } else if (providerId && providerId !== "simulator" && !forcedSimulator) {
      spec = modelOnProvider(undefined, providerId);
    } else if (!providerId && !onlySimulator) {
      fail(undefined, "no model is given", wording.noModelFix);
    }
    if (spec && providerId && spec.provider !== providerId && !forcedSimulator) {
      const moved = modelOnProvider(spec, providerId);
      if (moved) {
        warnOnce(`moved:${spec.id}:${providerId}`, { file: shot.source.file, message: `${spec.id} runs as ${moved.id} on ${describeProvider(providerId).displayName}` });
        spec = moved;
      }
    }

    // Request settings: the shot's, else the defaults, else the model's own (validation fills those).
    const settings = {
      durationSeconds: shot.durationSeconds ?? defaults.durationSeconds,
      aspectRatio: shot.aspect ?? defaults.aspect,
      resolution: shot.resolution ?? defaults.resolution,
      audio: shot.audio ?? defaults.audio,
      negativePrompt: shot.negative ?? defaults.negative,
    };
    const images: { firstFrame?: ImageInput; lastFrame?: ImageInput; referenceImages?: ImageInput[] } = {};
    const imagePaths: NonNullable<PlannedTake["imagePaths"]> = {};
    const image = (field: "firstFrame" | "lastFrame", reference: string | undefined) => {
      if (!reference) return;
      const ref = resolveImage(reference, shot);
      if (typeof ref === "string") return fail(field, ref, "give a path relative to the list, or an https:// URL, of a PNG, JPEG or WebP image");
      images[field] = imageInput(ref, reference.split(/[\\/]/).pop() ?? reference);
      if ("path" in ref) imagePaths[field] = ref.path;
    };
    image("firstFrame", shot.firstFrame);
    image("lastFrame", shot.lastFrame);
    const continues = continuitySource(list, shot);
    if (continues && !continues.ok) fail(continuityField(shot), continues.message, continues.fix);
    if (continues?.ok) {
      // Validated and priced with a stand-in; the real frame is resolved just before submit.
      images.firstFrame = CONTINUITY_PLACEHOLDER;
      planned.continuesFrom = continues.shotId;
    }
    if (shot.referenceImages?.length) {
      const refs = shot.referenceImages.map((reference) => ({ reference, ref: resolveImage(reference, shot) }));
      const broken = refs.find((entry) => typeof entry.ref === "string");
      if (broken) fail("referenceImages", broken.ref as string, "give paths relative to the list, or https:// URLs");
      else {
        images.referenceImages = refs.map((entry) => imageInput(entry.ref as ImageRef, entry.reference.split(/[\\/]/).pop() ?? entry.reference));
        imagePaths.referenceImages = refs.map((entry) => ("path" in (entry.ref as ImageRef) ? (entry.ref as { path: string }).path : ""));
      }
    }

    // The image step: a still made first, then animated as every take's first frame.
    const imageStep = planShotImageStep({
      shot,
      defaults,
      prompt,
      context,
      onlySimulator: forcedSimulator || (context.imageUsable ? context.imageUsable.every((provider) => provider === "simulator") : onlySimulator),
      rehearse: wording.rehearse,
      now,
      runId,
      listName: list.name,
      createKey,
      fail,
      warn: (key, message) => warnOnce(key, { ...at, message }),
    });
    if (imageStep && planned.continuesFrom) {
      fail(continuityField(shot), `shot ${shot.id} has both an image step (its still would be the first frame) and continuity with the previous shot`, "keep one: clear the image model for this shot, or its continuity");
    } else if (imageStep) images.firstFrame = stillPlaceholder(shot.id);

    const takes = shot.takes ?? defaults.takes ?? 1;
    const useSimulator = forcedSimulator || !spec || (spec.provider !== "simulator" && !context.usable.includes(spec.provider) && onlySimulator);
    if (spec && spec.provider !== "simulator" && !context.usable.includes(spec.provider) && !useSimulator) {
      fail(shot.model ? "model" : undefined, `no ${describeProvider(spec.provider).displayName} key is set for ${spec.id}`, `${keyHint(spec.provider)}, or ${wording.rehearse}`);
    }
    if (shotProblems.length === 0) {
      for (let take = 1; take <= takes; take++) {
        const model = spec ?? simulator;
        const seed = seedFor(defaults.seedPolicy, shot.id, shot.seed, take, random);
        const sendSeed = seed !== undefined && (model.capabilities.seed === "supported" || shot.seed !== undefined || defaults.seedPolicy?.kind === "fixed");
        const key = createKey();
        const request = {
          provider: model.provider,
          model: model.id,
          prompt,
          idempotencyKey: key,
          ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
          ...(sendSeed ? { seed } : {}),
          ...images,
        };
        const checked = context.check(request);
        if (!checked.ok) {
          // Settings are shared by the takes, so the first take's issues are the shot's.
          for (const issue of checked.issues) {
            if (imageStep && issue.field === "firstFrame") fail(shot.imageModel ? "imageModel" : undefined, `the video model ${model.id} takes no first frame, so the image step's still cannot be animated`, "choose a video model that takes a first frame (image to video), or remove the image step");
            else reportIssue(issue, shot, defaults, fail);
          }
          break;
        }
        for (const warning of checked.warnings) {
          warnOnce(`${model.id}:${warning.field}:${warning.field === "cost" ? "" : shot.id}`, { ...(warning.field === "cost" ? { file: shot.source.file } : at), message: warning.field === "cost" ? warning.message : `shot ${shot.id}: ${warning.message}` });
        }
        let finalRequest = checked.request;
        let estimate = checked.cost;
        if (useSimulator && model.provider !== "simulator") {
          const simulated = context.check(rehearsalRequest(checked.request, simulator));
          if (!simulated.ok) {
            fail(undefined, `cannot rehearse on the simulator: ${simulated.issues[0]!.message}`, "pass --provider with a provider whose key is set");
            break;
          }
          finalRequest = simulated.request;
          estimate = simulated.cost;
          planned.rehearsalOf = model.id;
        }
        planned.provider = finalRequest.provider;
        planned.durationSeconds ??= checked.request.durationSeconds;
        planned.model = finalRequest.model;
        const job = planJob(
          {
            request: finalRequest,
            estimate,
            shot: { shotId: shot.id, order: shot.order, take, shotList: list.name, ...(shot.scene ? { scene: shot.scene } : {}), ...(shot.description ? { shotName: shot.description.slice(0, 80) } : {}) },
            imagePaths,
          },
          now,
          runId,
        );
        job.extra = shotExtra(shot, planned, checked.request.durationSeconds);
        if (imageStep) job.extra.imageStep = { jobId: imageStep.finalJobId };
        if (planned.continuesFrom) deferFirstFrame(job, planned.continuesFrom);
        planned.takes.push({ take, request: finalRequest, estimate, job });
      }
    }
    if (useSimulator && spec?.provider !== "simulator" && planned.takes.length > 0) rehearsal = true;
    if (shotProblems.length > 0) {
      planned.blocked = true;
      planned.takes = [];
      problems.push(...shotProblems);
    } else {
      planned.costUsd = roundCost(planned.takes.reduce((sum, take) => sum + (Number.isFinite(take.estimate.usd) ? take.estimate.usd : 0), 0) + (imageStep?.costUsd ?? 0));
      jobs.push(...planned.takes.map((take) => take.job));
      if (imageStep && planned.takes.length > 0) {
        planned.imageStep = imageStep;
        imageJobs.push(...imageStep.jobs);
      }
    }
  }

  problems.push(...warnings.values());
  if (rehearsal) {
    problems.push({ severity: "warning", file: list.file, message: "no provider key is set, so every shot runs on the simulator (free, offline): a rehearsal of the list", fix: "add a provider key (panel Settings, or the environment for the CLI) to generate for real" });
  }
  // The plan prices both steps, and the budget covers both.
  const total = planTotal([...jobs, ...imageJobs]);
  const wallTime = estimateWallTime(
    jobs.map((job) => job.request.provider),
    { ...(context.limits ? { limits: context.limits } : {}), ...(context.jobSeconds ? { jobSeconds: context.jobSeconds } : {}) },
  );
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const refusal = hasErrors(problems)
    ? `the list has ${errorCount} error${errorCount === 1 ? "" : "s"}; fix them and run again`
    : jobs.length === 0
      ? "the list has no shots to run"
      : budgetRefusal(total, context.budget ?? {});
  return { name: list.name, runId, list, shots, jobs, imageJobs, total, wallTime, problems, ...(refusal ? { refusal } : {}), rehearsal };
}

function reportIssue(issue: ValidationIssue, shot: ShotSpec, defaults: ShotDefaults, fail: (field: ShotField | undefined, message: string, fix: string) => void): void {
  if (issue.field === "firstFrame" && shot.continuesFrom) {
    return fail(continuityField(shot), `${issue.message} (continuity sends the previous shot's last frame as the first frame)`, "choose a model that takes a first frame (image to video), or leave the continuity empty");
  }
  const field = ISSUE_FIELDS[issue.field];
  const cell = field ? shot.cells[field] : undefined;
  const fromDefaults = !cell && field && field in defaultsFieldNames && (defaults as Record<string, unknown>)[defaultsFieldNames[field]!] !== undefined;
  const written = cell && cell.text !== String(issue.value) ? ` ('${cell.text}')` : "";
  const allowed = issue.allowed?.length ? `use one of ${issue.allowed.join(", ")}` : undefined;
  const fix =
    allowed ??
    (issue.field === "prompt"
      ? "shorten or write the description"
      : issue.field === "firstFrame"
        ? "add a first frame image, or choose a text-to-video model"
        : "change the value, or choose a model that allows it");
  fail(field, `${issue.message}${written}${fromDefaults ? " (from the list's defaults)" : ""}`, fix);
}

const defaultsFieldNames: Partial<Record<ShotField, string>> = {
  duration: "durationSeconds",
  aspect: "aspect",
  resolution: "resolution",
  audio: "audio",
  negative: "negative",
};

/** What the exports and the timeline need about the shot, kept with each job in the ledger. */
function shotExtra(shot: ShotSpec, planned: PlannedShot, requestSeconds: number): JsonObject {
  const source: JsonObject = {};
  if (shot.source.row !== undefined) source.row = shot.source.row;
  if (shot.source.line !== undefined) source.line = shot.source.line;
  const extra: JsonObject = {
    slotSeconds: planned.durationSeconds ?? requestSeconds,
    source,
  };
  for (const field of ["description", "setting", "camera", "movement", "lens", "notes"] as const) {
    if (shot[field]) extra[field] = shot[field]!;
  }
  if (planned.rehearsalOf) extra.rehearsalOf = planned.rehearsalOf;
  return { shotlist: extra };
}
