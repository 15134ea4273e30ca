import type { ServerResponse } from "node:http";
import busboy from "busboy";
import { isJobFault } from "./faults";
import { renderFakeStill, stillSize, type FakeStillFormat } from "./fakeStills";
import { FAKE_KEYS, type FakeWorld } from "./fakeWorld";
import { asRecord, bearerToken, header, sendJson, type FakeRequest } from "./httpUtil";
import { OPENAI_MODERATION_CODE, renderOpenaiError } from "./openaiFake";
import { applyHttpFault, sendError, type FakeProvider } from "./providerRoute";

/**
 * api.openai.com's Images API for the GPT image models (`/openai/v1/images/generations` as JSON,
 * `/openai/v1/images/edits` as multipart with `image` or `image[]`), as openai-node's generated
 * types describe it: base64 stills in the answer, sizes, quality levels, output formats, n 1-10.
 */

const MODELS = ["gpt-image-1.5", "gpt-image-1", "gpt-image-1-mini"];
const SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto"];
const QUALITIES = ["low", "medium", "high", "auto"];
const FORMATS = ["png", "jpeg", "webp"];
const COMMON = ["prompt", "model", "n", "size", "quality", "output_format", "output_compression", "background", "partial_images", "stream", "user"];
const GENERATE_FIELDS = new Set([...COMMON, "moderation", "response_format", "style"]);
const EDIT_FIELDS = new Set([...COMMON, "input_fidelity", "response_format", "image", "image[]", "mask"]);
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);

interface Form {
  fields: Map<string, unknown>;
  images: Array<{ fileName: string; mimeType: string; bytes: Buffer }>;
  mask?: { mimeType: string; bytes: Buffer };
  repeated: string[];
}

type Problem = { message: string; param: string | null; code: string };

function readMultipart(req: FakeRequest): Promise<Form | string> {
  return new Promise((resolve) => {
    const form: Form = { fields: new Map(), images: [], repeated: [] };
    const pending: Promise<void>[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: 60 * 1024 * 1024 } });
    } catch (error) {
      resolve(`Could not parse multipart form data: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    parser.on("field", (name, value) => {
      if (form.fields.has(name)) form.repeated.push(name);
      form.fields.set(name, value);
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done) => {
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            const file = { fileName: info.filename ?? "", mimeType: info.mimeType, bytes: Buffer.concat(chunks) };
            if (name === "image" || name === "image[]") form.images.push(file);
            else if (name === "mask") form.mask = file;
            else form.fields.set(name, file);
            done();
          });
        }),
      );
    });
    parser.on("error", (error: unknown) => resolve(`Could not parse multipart form data: ${error instanceof Error ? error.message : String(error)}`));
    parser.on("close", () => void Promise.all(pending).then(() => resolve(form)));
    parser.end(req.rawBody);
  });
}

function readJson(req: FakeRequest): Form | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.rawBody.toString("utf8"));
  } catch {
    return "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)";
  }
  const body = asRecord(parsed);
  return body ? { fields: new Map(Object.entries(body)), images: [], repeated: [] } : "The request body must be a JSON object.";
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

interface Checked {
  model: string;
  prompt: string;
  n: number;
  size: string;
  quality: string;
  format: FakeStillFormat;
}

function check(form: Form, edit: boolean, multipart: boolean): Problem | Checked {
  const allowed = edit ? EDIT_FIELDS : GENERATE_FIELDS;
  for (const name of form.fields.keys()) if (!allowed.has(name)) return { message: `Unknown parameter: '${name}'.`, param: name, code: "unknown_parameter" };
  if (form.repeated.length) return { message: `Duplicate parameter: '${form.repeated[0]}'.`, param: form.repeated[0]!, code: "invalid_value" };
  const text = (name: string): string | undefined => {
    const value = form.fields.get(name);
    return value === undefined || value === null ? undefined : typeof value === "string" ? value : JSON.stringify(value);
  };
  const prompt = form.fields.get("prompt");
  if (prompt === undefined) return { message: "Missing required parameter: 'prompt'.", param: "prompt", code: "missing_required_parameter" };
  if (typeof prompt !== "string") return { message: "Invalid type for 'prompt': expected a string.", param: "prompt", code: "invalid_type" };
  if (prompt.length < 1 || prompt.length > 32000) return { message: `Invalid 'prompt': string must be 1 to 32000 characters long, got ${prompt.length}.`, param: "prompt", code: "string_above_max_length" };
  // Generations default to dall-e-2 unless a GPT-image parameter is used; the fake serves GPT image models only.
  const model = text("model") ?? (edit ? "gpt-image-1.5" : "dall-e-2");
  if (!MODELS.includes(model)) return { message: `Invalid value: '${model}'. This service only offers the GPT image models: ${quoted(MODELS)}.`, param: "model", code: "invalid_value" };
  const rawN = form.fields.get("n");
  const n = rawN === undefined ? 1 : multipart ? Number(rawN) : rawN;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 10) return { message: `Invalid 'n': integer must be between 1 and 10, got ${JSON.stringify(rawN)}.`, param: "n", code: "invalid_value" };
  const size = text("size") ?? "auto";
  if (!SIZES.includes(size)) return { message: `Invalid value: '${size}'. Supported values are: ${quoted(SIZES)}.`, param: "size", code: "invalid_value" };
  const quality = text("quality") ?? "auto";
  if (!QUALITIES.includes(quality)) return { message: `Invalid value: '${quality}'. Supported values are: ${quoted(QUALITIES)}.`, param: "quality", code: "invalid_value" };
  const format = text("output_format") ?? "png";
  if (!FORMATS.includes(format)) return { message: `Invalid value: '${format}'. Supported values are: ${quoted(FORMATS)}.`, param: "output_format", code: "invalid_value" };
  const compression = form.fields.get("output_compression");
  if (compression !== undefined && format === "png") return { message: "output_compression is only supported for the jpeg and webp output formats.", param: "output_compression", code: "invalid_value" };
  if (text("background") === "transparent" && format === "jpeg") return { message: "Transparent background requires an output format of png or webp.", param: "background", code: "invalid_value" };
  if (form.fields.has("response_format")) return { message: "Unknown parameter: 'response_format'. GPT image models always return base64-encoded images.", param: "response_format", code: "unknown_parameter" };
  if (text("stream") === "true") return { message: "The fake Images API does not stream; leave stream unset.", param: "stream", code: "invalid_value" };
  if (edit) {
    if (form.images.length === 0) return { message: "Missing required parameter: 'image'.", param: "image", code: "missing_required_parameter" };
    if (form.images.length > 16) return { message: `Invalid 'image': at most 16 images, got ${form.images.length}.`, param: "image", code: "invalid_value" };
    const bad = form.images.find((image) => !IMAGE_TYPES.has(image.mimeType));
    if (bad) return { message: `Invalid file format for image: '${bad.mimeType}'. Supported formats are: 'image/jpeg', 'image/png', and 'image/webp'.`, param: "image", code: "invalid_image_file" };
    if (form.images.some((image) => image.bytes.length === 0)) return { message: "Invalid 'image': the file is empty.", param: "image", code: "invalid_image_file" };
  }
  return { model, prompt, n, size, quality, format: format as FakeStillFormat };
}

/** An edit without a size keeps the nearest of the three sizes to the input's aspect. */
function editSize(width: number, height: number): string {
  const ratio = width / height;
  return ratio > 1.2 ? "1536x1024" : ratio < 0.83 ? "1024x1536" : "1024x1024";
}

export function createOpenaiImagesFake(world: FakeWorld): FakeProvider {
  const provider: FakeProvider = {
    name: "openai",
    prefixes: ["/openai"],
    hosts: { "/openai": "api.openai.com" },
    renderError: renderOpenaiError,
    claims: (_prefix, req) => req.path.startsWith("/v1/images/") || /^\/v1\/models\/gpt-image/.test(req.path),
    async handle(_prefix, req, res) {
      const token = bearerToken(req);
      if (token !== FAKE_KEYS.openai) {
        sendError(provider, res, { kind: "auth", message: token ? `Incorrect API key provided: ${token.slice(0, 3)}***${token.slice(-4)}.` : "You didn't provide an API key." });
        return;
      }
      const model = /^\/v1\/models\/([^/]+)$/.exec(req.path);
      if (model && req.method === "GET") {
        if (!MODELS.includes(decodeURIComponent(model[1]!))) return void sendError(provider, res, { kind: "not-found", message: `The model '${model[1]}' does not exist` });
        sendJson(res, 200, { id: decodeURIComponent(model[1]!), object: "model", created: 1765843200, owned_by: "system" });
        return;
      }
      if (req.method === "POST" && (req.path === "/v1/images/generations" || req.path === "/v1/images/edits")) return create(req, res, req.path.endsWith("edits"));
      sendError(provider, res, { kind: "not-found", message: `Invalid URL (${req.method} ${req.path})` });
    },
  };

  async function create(req: FakeRequest, res: ServerResponse, edit: boolean): Promise<void> {
    const type = header(req, "content-type") ?? "";
    const multipart = /^multipart\/form-data/i.test(type);
    if (edit && !multipart) return void sendError(provider, res, { kind: "invalid", message: "Image edits take multipart/form-data.", code: "invalid_request_body" });
    if (!edit && !/^application\/json/i.test(type)) return void sendError(provider, res, { kind: "invalid", message: `Unsupported content type: '${type || "(none)"}'. Send application/json.`, code: "invalid_request_body" });
    const form = multipart ? await readMultipart(req) : readJson(req);
    const prompt = typeof form === "string" ? undefined : (form.fields.get("prompt") as string | undefined);
    if (await applyHttpFault(world, provider, "create", prompt, res)) return;
    if (typeof form === "string") return void sendError(provider, res, { kind: "invalid", message: form, code: "invalid_request_body" });
    const checked = check(form, edit, multipart);
    if ("message" in checked) {
      world.record({ provider: "openai", operation: "create", method: req.method, path: req.path, status: 400 });
      return void sendError(provider, res, { kind: "invalid", message: checked.message, param: checked.param ?? undefined, code: checked.code });
    }
    const blocked = world.faults.take("openai", "create", checked.prompt, isJobFault);
    if (blocked?.type === "content-policy") {
      world.record({ provider: "openai", operation: "create", method: req.method, path: req.path, status: 400 });
      return void sendError(provider, res, { kind: "policy", code: OPENAI_MODERATION_CODE, message: blocked.message ?? "Your request was rejected as a result of our safety system." });
    }
    const source = edit ? form.images[0]!.bytes : undefined;
    let size = checked.size;
    if (size === "auto") {
      const input = source ? await stillSize(source) : undefined;
      size = input ? editSize(input.width, input.height) : "1024x1024";
    }
    const [width, height] = size.split("x").map(Number) as [number, number];
    // OpenAI has no seed: each call draws differently; the count of calls so far keeps tests repeatable.
    const seed = world.creates.openai + 1;
    const stills = await Promise.all(
      Array.from({ length: checked.n }, (_, index) => renderFakeStill({ prompt: checked.prompt, seed, index, width, height, format: checked.format, ...(source ? { editOf: source } : {}) })),
    );
    world.creates.openai++;
    world.record({ provider: "openai", operation: "create", method: req.method, path: req.path, status: 200 });
    const imageTokens = { low: 272, medium: 1056, high: 4160, auto: 1056 }[checked.quality as "low"] ?? 1056;
    sendJson(res, 200, {
      created: Math.floor(world.now() / 1000),
      background: "opaque",
      data: stills.map((bytes) => ({ b64_json: bytes.toString("base64") })),
      output_format: checked.format,
      quality: checked.quality === "auto" ? "medium" : checked.quality,
      size,
      usage: {
        input_tokens: 20 + form.images.length * 194,
        input_tokens_details: { image_tokens: form.images.length * 194, text_tokens: 20 },
        output_tokens: imageTokens * checked.n,
        total_tokens: 20 + form.images.length * 194 + imageTokens * checked.n,
      },
    });
  }

  return provider;
}
