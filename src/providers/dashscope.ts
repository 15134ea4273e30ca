import { ProviderError } from "../core/errors";
import type { JsonObject } from "../core/json";
import type { ResolvedRequest } from "../core/request";
import type { DownloadDescriptor, JobHandle, SubmitOptions, VideoProvider } from "../core/videoProvider";
import { createProviderHttp, KEY_NAMES, originOf, requireKey, submitted, trimBase, type AdapterContext } from "./adapterContext";
import { dashscopeErrorFromResponse } from "./dashscopeErrors";
import { DASHSCOPE_MODELS, wanSize } from "./dashscopeModels";
import { statusFromDashscopeTask } from "./dashscopeTask";
import { imageAsUrl } from "./imageEncoding";

/** Model, endpoint and key must all belong to one region (providers.md §5.1). */
export const DASHSCOPE_BASE_URLS = {
  singapore: "https://dashscope-intl.aliyuncs.com",
  virginia: "https://dashscope-us.aliyuncs.com",
  beijing: "https://dashscope.aliyuncs.com",
} as const;

export type DashscopeRegion = keyof typeof DASHSCOPE_BASE_URLS;

export interface DashscopeOptions extends AdapterContext {
  /** Default `singapore`. Decides the default base URL and, for Virginia, the `-us` model ids. */
  region?: DashscopeRegion;
  /** Overrides the region's host: a workspace domain, a gateway, or the fake servers. */
  baseUrl?: string;
  /** DashScope rewrites prompts unless told not to; its default is on. */
  promptExtend?: boolean;
}

const SYNTHESIS_PATH = "/api/v1/services/aigc/video-generation/video-synthesis";

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isImageToVideo(model: string): boolean {
  return model.includes("-i2v");
}

/**
 * The Virginia region serves the same models under `-us` ids (`wan2.6-t2v-us`). That `-flash`
 * models follow the same rule there is UNCONFIRMED.
 */
export function dashscopeModelName(model: string, region: DashscopeRegion): string {
  return region === "virginia" && !model.endsWith("-us") ? `${model}-us` : model;
}

export function dashscopeBody(request: ResolvedRequest, region: DashscopeRegion, promptExtend: boolean): JsonObject {
  const input: JsonObject = {};
  if (request.prompt.trim()) input.prompt = request.prompt;
  if (request.negativePrompt) input.negative_prompt = request.negativePrompt;
  const parameters: JsonObject = { duration: request.durationSeconds, prompt_extend: promptExtend, watermark: false };
  if (request.seed !== undefined) parameters.seed = request.seed;
  if (isImageToVideo(request.model)) {
    if (!request.firstFrame) {
      throw new ProviderError("invalid-request", `DashScope: ${request.model} needs a first frame.`, { provider: "dashscope", notReceived: true });
    }
    input.img_url = imageAsUrl(request.firstFrame);
    // Image-to-video takes a tier, in capitals, instead of a pixel size.
    parameters.resolution = request.resolution.toUpperCase();
    if (request.model.includes("-flash")) parameters.audio = request.audio;
  } else {
    parameters.size = wanSize(request.aspectRatio, request.resolution);
  }
  return { model: dashscopeModelName(request.model, region), input, parameters };
}

/** Wan 2.6 through Alibaba Cloud Model Studio's native DashScope API (async tasks, poll only). */
export function createDashscopeProvider(options: DashscopeOptions): VideoProvider {
  const http = createProviderHttp("dashscope", options);
  const region = options.region ?? "singapore";
  const base = trimBase(options.baseUrl ?? DASHSCOPE_BASE_URLS[region]);
  const promptExtend = options.promptExtend ?? true;

  const authorization = async () => `Bearer ${await requireKey(options.keys, KEY_NAMES.dashscope, "DashScope")}`;

  async function readTask(handle: JobHandle, signal?: AbortSignal): Promise<unknown> {
    return http.call({
      method: "GET",
      url: `${base}/api/v1/tasks/${encodeURIComponent(handle.id)}`,
      headers: { authorization: await authorization(), accept: "application/json" },
      signal,
      mapError: dashscopeErrorFromResponse,
      read: (_response, text) => http.json(text),
    });
  }

  const status = async (handle: JobHandle, signal?: AbortSignal) => statusFromDashscopeTask(await readTask(handle, signal));

  return {
    id: "dashscope",
    displayName: "Alibaba Model Studio (DashScope)",
    models: DASHSCOPE_MODELS,
    enabledByDefault: true,
    pollPolicy: {
      initialDelayMs: 15_000,
      queuedIntervalMs: 10_000,
      maxQueuedIntervalMs: 30_000,
      runningIntervalMs: 10_000,
      backoff: 1.5,
      source: "about every 10 s (providers.md §5.3); generation takes 1 to 5 minutes (text-to-video page)",
    },
    // There is no idempotency key: a create whose answer was lost is never sent again.
    idempotentSubmit: false,
    supportsCancel: true,
    networkOrigins: [originOf(base), "https://*.aliyuncs.com"],

    async submit(request: ResolvedRequest, submitOptions: SubmitOptions = {}) {
      const body = asObject(
        await http.call({
          method: "POST",
          url: `${base}${SYNTHESIS_PATH}`,
          headers: {
            authorization: await authorization(),
            "content-type": "application/json",
            accept: "application/json",
            // The video API is asynchronous only; without this header it refuses the call.
            "x-dashscope-async": "enable",
          },
          body: JSON.stringify(dashscopeBody(request, region, promptExtend)),
          billable: true,
          signal: submitOptions.signal,
          mapError: dashscopeErrorFromResponse,
          read: (_response, text) => http.json(text),
        }),
      );
      const taskId = asObject(body.output).task_id;
      if (typeof taskId !== "string" || taskId.length === 0) {
        throw new ProviderError("server", "DashScope: the create answer has no output.task_id.", { provider: "dashscope", code: "malformed_answer" });
      }
      return submitted("dashscope", request, taskId, { region, kind: isImageToVideo(request.model) ? "image-to-video" : "text-to-video" }, options.clock.now());
    },

    status: (handle, callOptions) => status(handle, callOptions?.signal),

    /** Only PENDING tasks can be cancelled (general task API; UNCONFIRMED for video synthesis). */
    async cancel(handle, callOptions) {
      await http.call({
        method: "POST",
        url: `${base}/api/v1/tasks/${encodeURIComponent(handle.id)}/cancel`,
        headers: { authorization: await authorization(), accept: "application/json" },
        signal: callOptions?.signal,
        mapError: dashscopeErrorFromResponse,
        read: () => undefined,
      });
    },

    async download(handle, index = 0, callOptions): Promise<DownloadDescriptor> {
      const current = callOptions?.status ?? await status(handle, callOptions?.signal);
      const video = current.state === "succeeded" ? current.videos[index] : undefined;
      if (!video) throw new ProviderError("not-found", `DashScope: task ${handle.id} has no finished video ${index + 1}.`, { provider: "dashscope" });
      if (video.expiresAt && Date.parse(video.expiresAt) <= options.clock.now()) {
        throw new ProviderError("not-found", `DashScope: the video of task ${handle.id} expired at ${video.expiresAt}; DashScope keeps results for 24 h.`, {
          provider: "dashscope",
          code: "url_expired",
        });
      }
      return {
        url: video.url,
        headers: {},
        followRedirects: true,
        ...(video.expiresAt ? { expiresAt: video.expiresAt } : {}),
        mediaType: video.mediaType ?? "video/mp4",
        expires: true,
      };
    },

    // DashScope takes no client key and cannot list tasks by one, so a lost create cannot be found.
    async findByIdempotencyKey() {
      return null;
    },

    async testCredentials(callOptions) {
      // An id that never existed reads as UNKNOWN with a valid key, and as 401 InvalidApiKey without.
      await http.call({
        method: "GET",
        url: `${base}/api/v1/tasks/00000000-0000-0000-0000-000000000000`,
        headers: { authorization: await authorization(), accept: "application/json" },
        signal: callOptions?.signal,
        mapError: dashscopeErrorFromResponse,
        read: () => undefined,
      });
    },
  };
}
