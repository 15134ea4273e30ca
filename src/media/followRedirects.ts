import { MediaError } from "../core/errors";
import type { HttpFetch, HttpResponse } from "../core/seams/http";

const MAX_HOPS = 5;
/** Headers that say nothing about who we are, so they may follow a redirect to another host. */
const NEUTRAL_HEADERS = new Set(["range", "if-range", "accept", "accept-encoding"]);

function originOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * GET with redirects followed by hand, so the provider's key (Gemini's x-goog-api-key) is sent
 * only to the provider's own host and never to the storage host it redirects to. fetch's own
 * redirect handling forwards custom headers to any host.
 */
export async function fetchFollowingRedirects(
  fetchImpl: HttpFetch,
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<HttpResponse> {
  let current = url;
  let currentHeaders = headers;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const response = await fetchImpl(current, { method: "GET", headers: currentHeaders, redirect: "manual", ...(signal ? { signal } : {}) });
    // A browser hides manual redirects (status 0); only there does fetch follow them itself.
    if (response.status === 0) {
      return fetchImpl(current, { method: "GET", headers: currentHeaders, redirect: "follow", ...(signal ? { signal } : {}) });
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current).toString();
    if (!/^https?:/.test(next)) throw new MediaError("download", `A download redirected to an unsupported address (${new URL(next).protocol}).`);
    if (originOf(next) !== originOf(current)) {
      currentHeaders = Object.fromEntries(Object.entries(currentHeaders).filter(([name]) => NEUTRAL_HEADERS.has(name.toLowerCase())));
    }
    current = next;
  }
  throw new MediaError("download", `The download redirected more than ${MAX_HOPS} times.`);
}
