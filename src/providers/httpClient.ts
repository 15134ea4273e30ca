import { backoffDelay } from "../core/backoff";
import { ProviderError, describeError } from "../core/errors";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch, HttpResponse } from "../core/seams/http";
import { errorFromResponse } from "./providerErrors";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out here; the error goes to the scheduler. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 15_000, maxRetryAfterMs: 60_000 };

export interface ProviderHttpOptions {
  provider: string;
  fetch: HttpFetch;
  clock: Clock;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** 0 to 1; injected so tests can pin the jitter. */
  random?: () => number;
}

export interface HttpCall<T> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * A call that creates a billable job. It is retried only when `idempotent` (the provider
   * refuses a second job with the same key) or when the provider cannot have received it.
   */
  billable?: boolean;
  idempotent?: boolean;
  /** Turns a 2xx answer into a value, or throws a ProviderError (business errors in a 200). */
  read: (response: HttpResponse, bodyText: string) => T | Promise<T>;
  /** Maps a non-2xx answer; the generic mapping when absent. */
  mapError?: (response: HttpResponse, bodyText: string, now: number) => ProviderError;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Codes Node's fetch reports when the connection never carried the request. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Follows the caller's signal and a timeout at once, without AbortSignal.any (not in UXP). */
function linkedAbort(signal: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("timeout"));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * The HTTP layer every adapter shares: timeouts, jittered exponential backoff on 408, 429, 5xx and
 * network faults, Retry-After and throttle messages honoured, and every failure normalised to a
 * ProviderError. Billable submits are never duplicated by a retry.
 */
export class ProviderHttp {
  readonly provider: string;
  private readonly fetchImpl: HttpFetch;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  constructor(options: ProviderHttpOptions) {
    this.provider = options.provider;
    this.fetchImpl = options.fetch;
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.random = options.random ?? Math.random;
  }

  async call<T>(call: HttpCall<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(call);
      } catch (error) {
        const providerError = this.normalise(error);
        if (!this.shouldRetry(call, providerError, attempt)) throw providerError;
        const jittered = backoffDelay({ initialDelayMs: this.retry.baseDelayMs, maxDelayMs: this.retry.maxDelayMs }, attempt, this.random);
        await this.clock.sleep(Math.max(jittered, providerError.retryAfterMs ?? 0), call.signal);
      }
    }
  }

  /** Convenience for JSON APIs: parses the body, reports malformed JSON as a server error. */
  json(bodyText: string): unknown {
    try {
      return JSON.parse(bodyText);
    } catch {
      throw new ProviderError("server", `${this.provider}: the answer was not valid JSON; the provider may be having trouble.`, {
        provider: this.provider,
        code: "malformed_json",
      });
    }
  }

  private shouldRetry(call: HttpCall<unknown>, error: ProviderError, attempt: number): boolean {
    if (attempt >= this.retry.maxAttempts || !error.retryable || error.kind === "aborted") return false;
    if ((error.retryAfterMs ?? 0) > this.retry.maxRetryAfterMs) return false;
    if (call.billable && !call.idempotent && !error.notReceived) return false;
    return true;
  }

  private normalise(error: unknown): ProviderError {
    if (error instanceof ProviderError) return error;
    return new ProviderError("server", `${this.provider}: ${describeError(error)}`, { provider: this.provider, cause: error });
  }

  private async once<T>(call: HttpCall<T>): Promise<T> {
    if (call.signal?.aborted) {
      throw new ProviderError("aborted", `${this.provider}: cancelled.`, { provider: this.provider, notReceived: true });
    }
    const abort = linkedAbort(call.signal, call.timeoutMs ?? this.timeoutMs);
    let response: HttpResponse;
    let bodyText: string;
    try {
      response = await this.fetchImpl(call.url, {
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: abort.signal,
        redirect: "follow",
      });
      bodyText = await response.text();
    } catch (error) {
      if (call.signal?.aborted) {
        throw new ProviderError("aborted", `${this.provider}: cancelled.`, { provider: this.provider, cause: error });
      }
      const code = causeCode(error);
      const timedOut = abort.timedOut();
      throw new ProviderError(
        "network",
        timedOut
          ? `${this.provider}: no answer within ${Math.round((call.timeoutMs ?? this.timeoutMs) / 1000)} s.`
          : `${this.provider}: could not connect (${code ?? describeError(error)}). Check the network and the provider's base URL.`,
        { provider: this.provider, code: timedOut ? "timeout" : code, notReceived: code !== undefined && NOT_SENT_CODES.has(code), cause: error },
      );
    } finally {
      abort.dispose();
    }
    if (response.status < 200 || response.status >= 300) {
      throw call.mapError
        ? call.mapError(response, bodyText, this.clock.now())
        : errorFromResponse({ provider: this.provider, status: response.status, bodyText, headers: response.headers, now: this.clock.now() });
    }
    return call.read(response, bodyText);
  }
}
