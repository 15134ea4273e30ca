import type { ProviderId } from "../../core/request";
import type { HttpFetch, HttpResponse } from "../../core/seams/http";
import { EVENTS_PATH, isRelayEvent, WEBHOOKS_PATH, type CallbackGrant, type RelayEvent, type WebhookAcceptance } from "./protocol";
import { parseQaAnswer, QA_PATH, type QaAnswer, type QaRequest } from "./qaProtocol";

export class RelayRequestError extends Error {
  override readonly name = "RelayRequestError";
  constructor(
    message: string,
    /** HTTP status, or 0 when the relay could not be reached. */
    readonly status: number,
    /** The relay's error code (`unknown-job`, `outside-folder`, ...), when it gave one. */
    readonly code?: string,
  ) {
    super(message);
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

/** The relay's HTTP API, over an injected fetch: register jobs, ask for per-job URLs, long-poll. */
export class RelayHttp {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly fetchImpl: HttpFetch,
  ) {
    this.base = baseUrl.replace(/\/+$/, "");
  }

  /** Routes the job's webhooks (including any that already arrived) to this token's user. */
  async registerJob(provider: ProviderId, providerJobId: string, signal?: AbortSignal): Promise<void> {
    await this.call("POST", "/v1/jobs", { provider, providerJobId }, signal);
  }

  /** A per-job callback URL to give the provider at submit (Kling's callback_url, fal, Replicate). */
  async createCallback(provider: ProviderId, providerJobId?: string, signal?: AbortSignal): Promise<CallbackGrant> {
    const body = await this.call("POST", "/v1/callbacks", providerJobId ? { provider, providerJobId } : { provider }, signal);
    const grant = body as Partial<CallbackGrant>;
    if (typeof grant.url !== "string" || typeof grant.token !== "string") throw new RelayRequestError("the relay answered /v1/callbacks without a url", 200);
    return { url: grant.url, token: grant.token };
  }

  /** Which providers' webhooks the relay accepts (it refuses a signed provider it has no secret for). */
  async webhookAcceptance(signal?: AbortSignal): Promise<WebhookAcceptance[]> {
    const body = (await this.call("GET", WEBHOOKS_PATH, undefined, signal)) as { providers?: unknown };
    const list = body.providers;
    const valid = Array.isArray(list) && list.every((entry) => typeof entry === "object" && entry !== null && typeof (entry as WebhookAcceptance).provider === "string" && typeof (entry as WebhookAcceptance).accepted === "boolean");
    if (!valid) throw new RelayRequestError(`the relay's answer to ${WEBHOOKS_PATH} is malformed`, 200);
    return list as WebhookAcceptance[];
  }

  /** Events after `after`, waiting up to `waitSeconds` for the first one. */
  async events(after: number | undefined, waitSeconds: number, signal?: AbortSignal): Promise<RelayEvent[]> {
    const query = `${after === undefined ? "" : `after=${after}&`}wait=${waitSeconds}`;
    const body = (await this.call("GET", `${EVENTS_PATH}?${query}`, undefined, signal)) as { events?: unknown };
    if (!Array.isArray(body.events) || !body.events.every(isRelayEvent)) throw new RelayRequestError("the relay's event page is malformed", 200);
    return body.events;
  }

  /** Asks the relay to measure a take (a job's result, or a file under its QA folder); waits up to `wait` seconds for the report. */
  async requestQa(request: QaRequest, signal?: AbortSignal): Promise<QaAnswer> {
    return this.qaAnswer(await this.call("POST", QA_PATH, request, signal), QA_PATH);
  }

  /** The state or report of a QA request, waiting up to `waitSeconds` for it to finish. */
  async qaState(key: string, waitSeconds: number, signal?: AbortSignal): Promise<QaAnswer> {
    return this.qaAnswer(await this.call("GET", `${QA_PATH}/${encodeURIComponent(key)}?wait=${waitSeconds}`, undefined, signal), `${QA_PATH}/:key`);
  }

  private qaAnswer(body: unknown, path: string): QaAnswer {
    const answer = parseQaAnswer(body);
    if (!answer) throw new RelayRequestError(`the relay's answer to ${path} is malformed`, 200);
    return answer;
  }

  private async call(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    let response: HttpResponse;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new RelayRequestError(`the relay at ${this.base} cannot be reached (${error instanceof Error ? error.message : String(error)})`, 0);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status < 200 || response.status >= 300) {
      const { message, error } = (parsed ?? {}) as { message?: unknown; error?: unknown };
      throw new RelayRequestError(`relay ${method} ${path.split("?")[0]} answered ${response.status}${typeof message === "string" ? `: ${message}` : ""}`, response.status, typeof error === "string" ? error : undefined);
    }
    return parsed ?? {};
  }
}
