import type { ServerResponse } from "node:http";
import { Webhook } from "standardwebhooks";
import { isFinished, progressOf, type FakeJob, type JobTransition } from "./fakeJobs";
import { fetchImageReference, FAKE_STILL_TYPES, renderFakeStill, sizeFor, stillSize, type FakeStillFormat } from "./fakeStills";
import { FAKE_KEYS, type FakeWorld } from "./fakeWorld";
import { asRecord, header, parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";
import { holdUntilDrawn, serveStill, signedStillUrl, stillsOf, type FakeStill } from "./imageCdn";
import { applyHttpFault, sendError, type FakeProvider } from "./providerRoute";
import { predictionId, renderReplicateError } from "./replicateFake";
import { openapiSchemaOf, validateModelInput, validationDetail, type InvalidField, type ModelSchema } from "./replicateSchemas";

/**
 * api.replicate.com predictions on the official image models (Flux 2 Pro, Seedream 4.5, P Image
 * Edit), beside the video fake on the same prefix: the input schemas as each model page lists them
 * (replicateImageModels.ts cites the pages), `Prefer: wait`, webhooks, and the stills on a fake
 * `replicate.delivery`.
 */

const ASPECTS = ["1:1", "16:9", "9:16", "3:2", "2:3", "4:3", "3:4", "4:5", "5:4", "21:9", "9:21"];

export const REPLICATE_IMAGE_SCHEMAS: Record<string, ModelSchema & { output: "one" | "list"; format: FakeStillFormat | "param" }> = {
  "black-forest-labs/flux-2-pro": {
    owner: "black-forest-labs",
    name: "flux-2-pro",
    description: "FLUX.2 [pro]: text to image and multi-reference editing",
    required: ["prompt"],
    output: "one",
    format: "param",
    properties: {
      prompt: { type: "string", description: "Text prompt for image generation" },
      input_images: { type: "array", items: { type: "string", format: "uri" }, maxItems: 8, default: [], description: "List of input images for image-to-image generation. Maximum 8 images." },
      aspect_ratio: { type: "string", enum: [...ASPECTS, "match_input_image", "custom"], default: "1:1", description: "Aspect ratio for the generated image." },
      resolution: { type: "string", enum: ["match_input_image", "0.5 MP", "1 MP", "2 MP", "4 MP"], default: "1 MP", description: "Resolution in megapixels." },
      width: { type: "integer", minimum: 256, maximum: 2048, description: "Only used when aspect_ratio=custom." },
      height: { type: "integer", minimum: 256, maximum: 2048, description: "Only used when aspect_ratio=custom." },
      safety_tolerance: { type: "integer", minimum: 1, maximum: 5, default: 2, description: "1 is most strict, 5 most permissive" },
      seed: { type: "integer", description: "Random seed. Set for reproducible generation" },
      output_format: { type: "string", enum: ["webp", "jpg", "png"], default: "webp", description: "Format of the output images." },
      output_quality: { type: "integer", minimum: 0, maximum: 100, default: 80, description: "Quality when saving the output images." },
    },
  },
  "bytedance/seedream-4.5": {
    owner: "bytedance",
    name: "seedream-4.5",
    description: "Seedream 4.5: text to image and multi-reference editing",
    required: ["prompt"],
    output: "list",
    format: "jpeg",
    properties: {
      prompt: { type: "string", description: "Text prompt for image generation. Maximum 4000 characters." },
      image_input: { type: "array", items: { type: "string", format: "uri" }, maxItems: 14, default: [], description: "Input image(s) for image-to-image generation. List of 1-14 images." },
      size: { type: "string", enum: ["2K", "4K", "custom"], default: "2K", description: "Image resolution: 2K, 4K or custom." },
      aspect_ratio: { type: "string", enum: ["match_input_image", ...ASPECTS], default: "match_input_image", description: "Image aspect ratio." },
      width: { type: "integer", minimum: 1024, maximum: 4096, default: 2048, description: "Custom image width." },
      height: { type: "integer", minimum: 1024, maximum: 4096, default: 2048, description: "Custom image height." },
      sequential_image_generation: { type: "string", enum: ["disabled", "auto"], default: "disabled", description: "Group image generation mode." },
      max_images: { type: "integer", minimum: 1, maximum: 15, default: 1, description: "Maximum number of images when sequential_image_generation='auto'." },
      disable_safety_checker: { type: "boolean", default: false, description: "Disable the safety checker." },
    },
  },
  "prunaai/p-image-edit": {
    owner: "prunaai",
    name: "p-image-edit",
    description: "P-Image-Edit: sub-second multi-image editing",
    required: ["prompt", "images"],
    output: "one",
    format: "jpeg",
    properties: {
      prompt: { type: "string", description: "Text prompt for image generation. Refer to the images as 'image 1', 'image 2'..." },
      images: { type: "array", items: { type: "string", format: "uri" }, maxItems: 5, description: "Images to use as a reference. For editing, the main image first." },
      turbo: { type: "boolean", default: true, description: "Run faster with additional optimizations." },
      aspect_ratio: { type: "string", enum: ["match_input_image", "1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"], default: "match_input_image", description: "Aspect ratio for the generated image." },
      seed: { type: "integer", description: "Random seed. Set for reproducible generation." },
      disable_safety_checker: { type: "boolean", default: false, description: "Disable safety checker for generated images." },
    },
  },
};

const SENSITIVE_ERROR = "The input or output was flagged as sensitive. Please try again with different inputs. (E005)";
const STATUS: Record<FakeJob["state"], string> = { queued: "starting", running: "processing", succeeded: "succeeded", failed: "failed", cancelled: "canceled" };
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function ratioOf(aspect: string): number {
  const [w, h] = aspect.split(":").map(Number) as [number, number];
  return w / h;
}

async function draw(model: string, input: Record<string, unknown>, fallbackSeed: number): Promise<FakeStill[]> {
  const schema = REPLICATE_IMAGE_SCHEMAS[model]!;
  const refs = (input.input_images ?? input.image_input ?? input.images ?? []) as string[];
  const source = refs[0] ? await fetchImageReference(refs[0]) : undefined;
  const inputSize = source ? await stillSize(source) : undefined;
  const aspect = String(input.aspect_ratio ?? schema.properties.aspect_ratio?.default ?? "1:1");
  const ratio = aspect === "match_input_image" ? (inputSize ? inputSize.width / inputSize.height : 1) : aspect === "custom" ? Number(input.width) / Number(input.height) : ratioOf(aspect);
  let pixels: number;
  if (model === "bytedance/seedream-4.5") pixels = input.size === "4K" ? 4096 * 4096 : 2048 * 2048;
  else if (model === "black-forest-labs/flux-2-pro") pixels = ({ "0.5 MP": 0.5, "2 MP": 2, "4 MP": 4 }[String(input.resolution)] ?? 1) * 1024 * 1024;
  else pixels = 1024 * 1024;
  const { width, height } = aspect === "custom" ? { width: Number(input.width), height: Number(input.height) } : sizeFor(ratio, pixels);
  const asked = String(input.output_format ?? "webp");
  const format: FakeStillFormat = schema.format === "param" ? (asked === "jpg" ? "jpeg" : (asked as FakeStillFormat)) : schema.format;
  const seed = Number.isInteger(input.seed) ? (input.seed as number) : fallbackSeed;
  const bytes = await renderFakeStill({ prompt: String(input.prompt), seed, index: 0, width, height, format, ...(source ? { editOf: source } : {}) });
  return [{ bytes, mediaType: FAKE_STILL_TYPES[format], extension: format === "jpeg" ? ".jpg" : `.${format}`, width, height }];
}

export function createReplicateImagesFake(world: FakeWorld): FakeProvider {
  const isImageJob = (id: string) => world.job("replicate", id)?.extra.kind === "image";
  const provider: FakeProvider = {
    name: "replicate",
    prefixes: ["/replicate", "/img-cdn/replicate-delivery"],
    hosts: { "/replicate": "api.replicate.com", "/img-cdn/replicate-delivery": "replicate.delivery" },
    renderError: renderReplicateError,
    claims(prefix, req) {
      if (prefix !== "/replicate") return true;
      const [v1, resource, a, b] = req.path.split("/").filter(Boolean);
      if (v1 !== "v1") return false;
      if (resource === "models") return `${a}/${b}` in REPLICATE_IMAGE_SCHEMAS;
      return resource === "predictions" && !!a && isImageJob(a);
    },
    async handle(prefix, req, res) {
      if (prefix === "/img-cdn/replicate-delivery") return serveStill(world, "replicate-delivery", req, res);
      const token = /^(?:Bearer|Token)\s+(.+)$/i.exec(header(req, "authorization") ?? "")?.[1]?.trim();
      if (token !== FAKE_KEYS.replicate) return void sendError(provider, res, { kind: "auth", message: "You did not pass a valid authentication token" });
      const [, resource, a, b, c] = req.path.split("/").filter(Boolean);
      if (resource === "models" && c === "predictions" && req.method === "POST") return create(req, res, `${a}/${b}`);
      if (resource === "models" && c === undefined && req.method === "GET") {
        const schema = REPLICATE_IMAGE_SCHEMAS[`${a}/${b}`]!;
        sendJson(res, 200, { url: `https://replicate.com/${a}/${b}`, owner: a, name: b, description: schema.description, visibility: "public", is_official: true, latest_version: { id: "hidden", openapi_schema: openapiSchemaOf(schema) } });
        return;
      }
      if (resource === "predictions" && a) return prediction(req, res, a, b);
      sendError(provider, res, { kind: "not-found", message: "The requested resource could not be found." });
    },
  };

  function removed(job: FakeJob): boolean {
    return isFinished(job) && job.finishedAt !== undefined && world.now() >= job.finishedAt + (world.config.urlLifetimeSeconds.replicate ?? 3600) * 1000;
  }

  async function predictionOf(job: FakeJob) {
    const api = `${world.origin}/replicate/v1/predictions/${job.id}`;
    const schema = REPLICATE_IMAGE_SCHEMAS[job.model]!;
    let output: unknown = null;
    if (job.state === "succeeded" && !removed(job)) {
      const urls = (await stillsOf(job)).map((still, i) => signedStillUrl(world, "replicate-delivery", job, i, still));
      output = schema.output === "one" ? urls[0] : urls;
    }
    const error = job.state === "failed" ? (job.outcome.kind === "content-policy" ? SENSITIVE_ERROR : job.outcome.kind === "failure" ? job.outcome.message : "Prediction failed.") : null;
    const percent = job.state === "succeeded" ? 100 : Math.floor(progressOf(job, world.now()) * 100);
    return {
      id: job.id,
      model: job.model,
      version: "hidden",
      input: job.input,
      logs: job.state === "queued" ? "" : `Using seed: ${String(job.extra.seed ?? "random")}\n${String(percent).padStart(3)}%|${"█".repeat(Math.floor(percent / 10)).padEnd(10)}| ${percent}/100\n`,
      output,
      data_removed: removed(job),
      error,
      source: "api",
      status: STATUS[job.state],
      created_at: iso(job.createdAt),
      started_at: iso(job.startedAt),
      completed_at: iso(job.finishedAt),
      urls: { cancel: `${api}/cancel`, get: api, web: `https://replicate.com/p/${job.id}` },
      ...(job.webhookUrl ? { webhook: job.webhookUrl, webhook_events_filter: job.webhookEvents } : {}),
      ...(job.state === "succeeded" && job.startedAt !== undefined && job.finishedAt !== undefined ? { metrics: { predict_time: (job.finishedAt - job.startedAt) / 1000, total_time: (job.finishedAt - job.createdAt) / 1000 } } : {}),
    };
  }

  function send(job: FakeJob) {
    void (async () => {
      const body = JSON.stringify(await predictionOf(job));
      await world.webhooks.send([
        {
          provider: "replicate",
          jobId: job.id,
          url: job.webhookUrl!,
          body,
          sign: (deliveryId, payload, nowSeconds) => ({
            "webhook-id": deliveryId,
            "webhook-timestamp": String(nowSeconds),
            "webhook-signature": new Webhook(world.config.replicateWebhookSecret).sign(deliveryId, new Date(nowSeconds * 1000), payload),
          }),
        },
      ]);
    })();
  }

  function onTransition({ job, to }: JobTransition) {
    if (!job.webhookUrl) return;
    if (to === "running" || isFinished(job)) send(job);
  }

  function envelope(body: Record<string, unknown>): InvalidField[] {
    const problems: InvalidField[] = [];
    if (!asRecord(body.input)) problems.push({ type: "required", field: "", description: "input is required" });
    for (const key of Object.keys(body)) {
      if (!["input", "webhook", "webhook_events_filter", "stream"].includes(key)) problems.push({ type: "additional_property_not_allowed", field: "", description: `Additional property ${key} is not allowed` });
    }
    if (body.webhook !== undefined && !(typeof body.webhook === "string" && /^https?:\/\//.test(body.webhook))) problems.push({ type: "format", field: "webhook", description: "Does not match format 'uri'" });
    return problems;
  }

  async function create(req: FakeRequest, res: ServerResponse, model: string) {
    const parsed = parseJsonBody(req);
    const body = parsed.ok ? asRecord(parsed.value) : undefined;
    const input = asRecord(body?.input);
    if (await applyHttpFault(world, provider, "create", typeof input?.prompt === "string" ? input.prompt : undefined, res)) return;
    if (!body) return void sendError(provider, res, { kind: "invalid", status: 400, message: "The request body is not valid JSON." });
    const schema = REPLICATE_IMAGE_SCHEMAS[model]!;
    const problems = [...envelope(body), ...(input ? validateModelInput(schema, input) : [])];
    if (problems.length > 0 || !input) {
      world.record({ provider: "replicate", operation: "create", method: req.method, path: req.path, status: 422 });
      return void sendJson(res, 422, { detail: validationDetail(problems), status: 422, title: "Input validation failed", invalid_fields: problems });
    }
    const stills = draw(model, input, world.creates.replicate + 1);
    stills.catch(() => undefined);
    const job = world.createJob({
      provider: "replicate",
      id: predictionId(),
      model,
      endpoint: `models/${model}/predictions`,
      prompt: String(input.prompt),
      input,
      seconds: 0,
      webhookUrl: typeof body.webhook === "string" ? body.webhook : undefined,
      webhookEvents: typeof body.webhook === "string" ? ((body.webhook_events_filter as string[] | undefined) ?? ["start", "output", "logs", "completed"]) : undefined,
      extra: { kind: "image", stills, ...(Number.isInteger(input.seed) ? { seed: input.seed } : {}) },
      onTransition,
    });
    holdUntilDrawn(job, stills);
    world.record({ provider: "replicate", operation: "create", method: req.method, path: req.path, status: 201 });
    const prefer = /^wait(?:=(\d+))?$/.exec(header(req, "prefer")?.trim() ?? "");
    if (prefer) {
      job.extra.prefer = header(req, "prefer");
      const deadline = Date.now() + Number(prefer[1] ?? 60) * 1000;
      while (!isFinished(job) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    sendJson(res, 201, await predictionOf(job));
  }

  async function prediction(req: FakeRequest, res: ServerResponse, id: string, action: string | undefined) {
    const job = world.job("replicate", id)!;
    const operation = action === "cancel" ? "cancel" : "status";
    if (await applyHttpFault(world, provider, operation, job.prompt, res)) return;
    world.record({ provider: "replicate", operation, method: req.method, path: req.path, status: 200 });
    if (req.method === "POST" && action === "cancel") world.cancel(job);
    else if (req.method !== "GET" || action !== undefined) return void sendError(provider, res, { kind: "not-found", message: "The requested resource could not be found." });
    sendJson(res, 200, await predictionOf(job));
  }

  return provider;
}
