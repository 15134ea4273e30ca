/**
 * A shot's image step, planned: its still is made first (the image model on the image prompt,
 * which defaults to the shot's prompt), optionally refined once (the edit prompt on the edit
 * model), and the result becomes the first frame of every take of the shot, with its lineage.
 * The plan shows and prices both steps; nothing is sent here.
 *
 * How the still reaches the video jobs is recorded on them: `extra.imageStep.jobId` names the image
 * job whose still is the first frame, and the stored request carries a first-frame placeholder with
 * no file, so a take can never be sent without it (runtime/shotImageSteps.ts resolves it).
 */
import type { ImageModelSpec } from "../core/imageModelSpec";
import { planImageJob, type ImageJobRecord } from "../core/imageJobRecord";
import type { ImageValidationResult } from "../core/imageValidation";
import type { JsonObject } from "../core/json";
import type { ImageInput, ProviderId } from "../core/request";
import { describeProvider } from "../providers/providerDescriptions";
import { allImageModels, findImageModel } from "../providers/imageCatalog";
import { normalizeHeading } from "./columnAliases";
import type { ShotDefaults, ShotField, ShotSpec } from "./shotListTypes";

export const SIMULATOR_IMAGE_MODEL = "shotbin-sim-image";

/** What the plan needs from the face to plan stills. */
export interface ImageStepContext {
  /** The image registry's `check`: validation and price. */
  checkImage(request: unknown): ImageValidationResult;
  /** Image routes that are on and have a key (the simulator always). */
  imageUsable: readonly ProviderId[];
}

export interface PlannedImageStep {
  /** The image model's display name (and the edit model's, when there is an edit). */
  label: string;
  provider: ProviderId;
  model: string;
  prompt: string;
  editPrompt?: string;
  editModel?: string;
  /** The model the list asked for, when the still is rehearsed on the simulator. */
  rehearsalOf?: string;
  /** The generate job, then the edit job when there is one. */
  jobs: ImageJobRecord[];
  /** The job whose still the takes animate. */
  finalJobId: string;
  costUsd: number;
}

/** The first frame a video request is validated and priced with before its still exists. */
export function stillPlaceholder(shotId: string): ImageInput {
  return { kind: "bytes", bytes: new Uint8Array(0), mediaType: "image/png", name: `${shotId} still (image step)` };
}

export function hasImageStep(shot: ShotSpec): boolean {
  return !!(shot.imageModel || shot.imagePrompt || shot.editPrompt || shot.editModel);
}

/** An image model as people write it: its id, `provider/id`, its display name or its family, preferring usable routes. */
export function chooseImageModel(text: string, usable: readonly ProviderId[]): ImageModelSpec[] {
  const key = normalizeHeading(text);
  const matches = allImageModels().filter(
    (model) => normalizeHeading(model.id) === key || normalizeHeading(`${model.provider}/${model.id}`) === key || normalizeHeading(model.displayName) === key || normalizeHeading(model.family) === key,
  );
  return [...matches].sort((a, b) => Number(usable.includes(b.provider)) - Number(usable.includes(a.provider)));
}

interface Planning {
  shot: ShotSpec;
  defaults: ShotDefaults;
  /** The shot's folded prompt: the image prompt's default. */
  prompt: string;
  context: Partial<ImageStepContext>;
  onlySimulator: boolean;
  /** The face's words for rehearsing without the key (PlanWording.rehearse). */
  rehearse?: string;
  now: number;
  runId: string;
  listName: string;
  createKey(): string;
  fail(field: ShotField | undefined, message: string, fix: string): void;
  warn(key: string, message: string): void;
}

const ISSUE_FIELDS: Record<string, ShotField> = { aspectRatio: "aspect", seed: "seed" };

/** The shot's image step, or undefined when it has none (or has errors, reported through `fail`). */
export function planShotImageStep(p: Planning): PlannedImageStep | undefined {
  const { shot, context } = p;
  if (!hasImageStep(shot)) return undefined;
  const modelField: ShotField | undefined = shot.imageModel ? "imageModel" : undefined;
  if (shot.firstFrame) return void p.fail("firstFrame", `shot ${shot.id} has a first-frame image and an image step`, "keep the first frame, or the image step's columns (image model, image prompt, edit prompt), not both");
  if (!context.checkImage || !context.imageUsable) return void p.fail(modelField, "this Shotbin cannot make stills here for the image step", "run the list with shotbin run or in the panel");
  const usable = context.imageUsable;
  const written = shot.imageModel ?? p.defaults.imageModel;
  const rehearse = (asked?: string) => ({ spec: findImageModel("simulator", SIMULATOR_IMAGE_MODEL)!, ...(asked ? { rehearsalOf: asked } : {}) });
  let chosen: { spec: ImageModelSpec; rehearsalOf?: string };
  if (!written) {
    if (!p.onlySimulator) return void p.fail(undefined, "the image step has no image model", "add an Image model column, or defaults.imageModel (JSON)");
    chosen = rehearse();
  } else {
    const matches = chooseImageModel(written, usable);
    const spec = matches[0];
    if (!spec) return void p.fail(modelField, `image model '${written}' is not one Shotbin knows`, "use one `shotbin image --help` lists, such as fal-ai/flux-2-pro, gpt-image-1.5 or shotbin-sim-image");
    if (usable.includes(spec.provider)) chosen = { spec };
    else if (p.onlySimulator) chosen = rehearse(spec.id);
    else return void p.fail(modelField, `no ${describeProvider(spec.provider).displayName} key is set for ${spec.id}`, `add the key, or ${p.rehearse ?? "rehearse on the simulator with --provider simulator"}`);
  }
  const spec = chosen.spec;
  if (!spec.capabilities.generate) return void p.fail(modelField, `${spec.id} only edits images, so it cannot make the still`, "give a model that generates in the Image model column, and this one in Edit model");
  if (chosen.rehearsalOf) p.warn(`image-rehearsal:${chosen.rehearsalOf}`, `no key is set for the image model ${chosen.rehearsalOf}, so its stills are rehearsed on the simulator`);

  const prompt = shot.imagePrompt ?? p.prompt;
  const aspect = shot.aspect ?? p.defaults.aspect;
  const generate = context.checkImage({
    provider: spec.provider,
    model: spec.id,
    prompt,
    count: 1,
    idempotencyKey: p.createKey(),
    ...(aspect ? { aspectRatio: aspect } : {}),
    ...(shot.seed !== undefined && spec.capabilities.seed === "supported" ? { seed: shot.seed } : {}),
  });
  if (!generate.ok) {
    for (const issue of generate.issues) {
      const field = issue.field === "prompt" ? (shot.imagePrompt ? "imagePrompt" : "description") : (ISSUE_FIELDS[issue.field] ?? modelField);
      p.fail(field, `image step: ${issue.message}`, issue.allowed?.length ? `use one of ${issue.allowed.join(", ")}, or another image model` : "change the value, or choose an image model that allows it");
    }
    return undefined;
  }
  for (const warning of generate.warnings) p.warn(`${spec.id}:${warning.field}:${warning.field === "cost" ? "" : shot.id}`, warning.field === "cost" ? warning.message : `shot ${shot.id}: image step: ${warning.message}`);

  const shotInfo = { shotId: shot.id, order: shot.order, take: 1, shotList: p.listName, ...(shot.scene ? { scene: shot.scene } : {}), shotName: prompt.slice(0, 80) };
  const marker = (role: "generate" | "edit", extra: JsonObject = {}): JsonObject => ({ imageStep: { role, shot: shot.id, ...extra } });
  const first = planImageJob({ request: generate.request, estimate: generate.cost, shot: shotInfo, extra: marker("generate") }, p.now, p.runId);
  const jobs = [first];
  let editSpec: ImageModelSpec | undefined;
  if (shot.editPrompt) {
    editSpec = shot.editModel ? chooseImageModel(shot.editModel, usable)[0] : spec.capabilities.maxInputImages > 0 ? spec : undefined;
    const editField: ShotField = shot.editModel ? "editModel" : "editPrompt";
    if (!editSpec) return void p.fail(editField, shot.editModel ? `edit model '${shot.editModel}' is not one Shotbin knows` : `${spec.id} cannot edit stills`, "give an Edit model that edits, such as prunaai/p-image-edit or fal-ai/flux-2-pro");
    if (chosen.rehearsalOf || (!usable.includes(editSpec.provider) && p.onlySimulator)) editSpec = spec.provider === "simulator" ? spec : rehearse().spec;
    if (!usable.includes(editSpec.provider)) return void p.fail(editField, `no ${describeProvider(editSpec.provider).displayName} key is set for ${editSpec.id}`, "add the key, or leave the Edit model column empty");
    const edit = context.checkImage({ provider: editSpec.provider, model: editSpec.id, prompt: shot.editPrompt, count: 1, idempotencyKey: p.createKey(), inputImages: [stillPlaceholder(shot.id)] });
    if (!edit.ok) {
      for (const issue of edit.issues) p.fail(issue.field === "prompt" ? "editPrompt" : editField, `edit step: ${issue.message}`, "change the edit prompt, or choose another edit model");
      return undefined;
    }
    jobs.push(planImageJob({ request: edit.request, estimate: edit.cost, shot: shotInfo, extra: marker("edit", { source: first.id }) }, p.now, p.runId));
  }
  const costUsd = Math.round(jobs.reduce((sum, job) => sum + (Number.isFinite(job.estimate.usd) ? job.estimate.usd : 0), 0) * 1e6) / 1e6;
  return {
    label: editSpec && editSpec !== spec ? `${spec.displayName} + ${editSpec.displayName}` : spec.displayName,
    provider: spec.provider,
    model: spec.id,
    prompt,
    ...(shot.editPrompt ? { editPrompt: shot.editPrompt } : {}),
    ...(editSpec ? { editModel: editSpec.id } : {}),
    ...(chosen.rehearsalOf ? { rehearsalOf: chosen.rehearsalOf } : {}),
    jobs,
    finalJobId: jobs[jobs.length - 1]!.id,
    costUsd,
  };
}
