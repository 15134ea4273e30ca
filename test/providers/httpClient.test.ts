import { ProviderError } from "../../src/core/errors";
import type { HttpFetch, HttpResponse } from "../../src/core/seams/http";
import { ProviderHttp } from "../../src/providers/httpClient";
import { ManualClock } from "../support/manualClock";

type Answer = { status: number; body?: string; headers?: Record<string, string> } | Error;

function scriptedFetch(answers: Answer[]) {
  const calls: { url: string; method: string }[] = [];
  const fetch: HttpFetch = async (url, init) => {
    calls.push({ url, method: init.method });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const response: HttpResponse = {
      status: answer.status,
      url,
      headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      body: null,
      text: async () => answer.body ?? "",
      arrayBuffer: async () => new ArrayBuffer(0),
    };
    return response;
  };
  return { fetch, calls };
}

function client(answers: Answer[], clock = new ManualClock()) {
  const scripted = scriptedFetch(answers);
  const http = new ProviderHttp({ provider: "test", fetch: scripted.fetch, clock, random: () => 1, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 } });
  return { http, calls: scripted.calls, clock };
}

const readText = { read: (_r: HttpResponse, text: string) => text };
function refused(code: string): Error {
  return Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
}

describe("ProviderHttp", () => {
  it("retries reads through 5xx with growing backoff, then answers", async () => {
    const { http, calls, clock } = client([{ status: 503 }, { status: 502 }, { status: 200, body: "ok" }]);
    await expect(http.call({ method: "GET", url: "https://x/a", ...readText })).resolves.toBe("ok");
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it("gives up after the last attempt with a server error", async () => {
    const { http, calls } = client([{ status: 500, body: '{"error":{"message":"boom","code":"internal"}}' }]);
    const error = await http.call({ method: "GET", url: "https://x/a", ...readText }).catch((e: unknown) => e);
    expect(calls).toHaveLength(4);
    expect(error).toMatchObject({ kind: "server", status: 500, code: "internal" });
    expect((error as Error).message).toContain("boom");
  });

  it("honours Retry-After in seconds, as a date, and in throttle messages", async () => {
    const seconds = client([{ status: 429, headers: { "retry-after": "7" } }, { status: 200 }]);
    await seconds.http.call({ method: "GET", url: "https://x", ...readText });
    expect(seconds.clock.sleeps).toEqual([7000]);

    const clock = new ManualClock();
    const date = client([{ status: 503, headers: { "retry-after": new Date(clock.now() + 12_000).toUTCString() } }, { status: 200 }], clock);
    await date.http.call({ method: "GET", url: "https://x", ...readText });
    expect(date.clock.sleeps).toEqual([12_000]);

    const message = client([{ status: 429, body: '{"detail":"Request was throttled. Your rate limit resets in ~30s."}' }, { status: 200 }]);
    await message.http.call({ method: "GET", url: "https://x", ...readText });
    expect(message.clock.sleeps).toEqual([30_000]);
  });

  it("leaves a long Retry-After to the scheduler instead of blocking", async () => {
    const { http, calls } = client([{ status: 429, headers: { "retry-after": "600" } }]);
    await expect(http.call({ method: "GET", url: "https://x", ...readText })).rejects.toMatchObject({ kind: "quota", retryAfterMs: 600_000 });
    expect(calls).toHaveLength(1);
  });

  it("never retries a billable submit the provider may have received", async () => {
    for (const answer of [{ status: 500 }, { status: 502 }, new TypeError("socket hang up")] as Answer[]) {
      const { http, calls } = client([answer, { status: 200 }]);
      await expect(http.call({ method: "POST", url: "https://x", billable: true, ...readText })).rejects.toBeInstanceOf(ProviderError);
      expect(calls).toHaveLength(1);
    }
  });

  it("retries a billable submit that was refused or never sent", async () => {
    for (const answer of [{ status: 429 }, { status: 408 }, refused("ECONNREFUSED"), refused("ENOTFOUND")] as Answer[]) {
      const { http, calls } = client([answer, { status: 200, body: "created" }]);
      await expect(http.call({ method: "POST", url: "https://x", billable: true, ...readText })).resolves.toBe("created");
      expect(calls).toHaveLength(2);
    }
  });

  it("retries an idempotent submit through a 5xx", async () => {
    const { http, calls } = client([{ status: 503 }, { status: 200, body: "created" }]);
    await expect(http.call({ method: "POST", url: "https://x", billable: true, idempotent: true, ...readText })).resolves.toBe("created");
    expect(calls).toHaveLength(2);
  });

  it("does not retry auth or invalid-request errors", async () => {
    for (const [status, kind] of [[401, "auth"], [403, "auth"], [400, "invalid-request"], [404, "not-found"]] as const) {
      const { http, calls } = client([{ status }]);
      await expect(http.call({ method: "GET", url: "https://x", ...readText })).rejects.toMatchObject({ kind });
      expect(calls).toHaveLength(1);
    }
  });

  it("retries a business error thrown from a 200 when it is retryable", async () => {
    const { http, calls } = client([{ status: 200, body: "busy" }, { status: 200, body: "done" }]);
    const result = await http.call({
      method: "GET",
      url: "https://x",
      read: (_r, text) => {
        if (text === "busy") throw new ProviderError("quota", "slow down", { provider: "test", notReceived: true });
        return text;
      },
    });
    expect(result).toBe("done");
    expect(calls).toHaveLength(2);
  });

  it("reports a request with no answer in time as a network timeout", async () => {
    const never: HttpFetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    const http = new ProviderHttp({ provider: "slow", fetch: never, clock: new ManualClock(), timeoutMs: 20, retry: { maxAttempts: 1 } });
    await expect(http.call({ method: "GET", url: "https://x", ...readText })).rejects.toMatchObject({ kind: "network", code: "timeout" });
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    controller.abort();
    const { http, calls } = client([{ status: 200 }]);
    await expect(http.call({ method: "GET", url: "https://x", signal: controller.signal, ...readText })).rejects.toMatchObject({ kind: "aborted" });
    expect(calls).toHaveLength(0);
  });

  it("spreads retries with jitter between half and all of the backoff", async () => {
    const clock = new ManualClock();
    const scripted = scriptedFetch([{ status: 503 }, { status: 503 }, { status: 200 }]);
    const draws = [0, 0.5];
    const http = new ProviderHttp({ provider: "t", fetch: scripted.fetch, clock, random: () => draws.shift() ?? 0, retry: { baseDelayMs: 100 } });
    await http.call({ method: "GET", url: "https://x", ...readText });
    expect(clock.sleeps).toEqual([50, 150]);
  });
});
