/**
 * The slice of `fetch` Shotbin uses. The global `fetch` of Node 20 and of UXP both satisfy it,
 * and tests can pass anything shaped like it.
 */
export interface HttpRequestInit {
  method: string;
  headers?: Record<string, string>;
  /** UXP's fetch takes strings and typed arrays; Blob bodies are unreliable there. */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  redirect?: "follow" | "manual" | "error";
}

export interface HttpHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly url: string;
  readonly headers: HttpHeaders;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponse>;

/** The runtime's own fetch, bound so that UXP and browsers do not complain about `this`. */
export function globalFetch(): HttpFetch {
  const f = (globalThis as { fetch?: unknown }).fetch;
  if (typeof f !== "function") throw new Error("This runtime has no fetch.");
  return (url, init) => (f as (u: string, i: unknown) => Promise<HttpResponse>).call(globalThis, url, init);
}
