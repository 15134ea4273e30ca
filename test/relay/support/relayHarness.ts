import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import WebSocket from "ws";
import { systemClock } from "../../../src/core/seams/clock";
import { globalFetch } from "../../../src/core/seams/http";
import { parseRelayConfig, type RelayConfigInput } from "../../../src/relay/config";
import type { RelayEvent } from "../../../src/relay/client/protocol";
import { RelayClient, type RelayClientOptions, type RelayCursorStore } from "../../../src/relay/client/relayClient";
import type { WebSocketFactory, WebSocketLike } from "../../../src/relay/client/webSocketSession";
import { startRelay, type RunningRelay, type StartRelayOptions } from "../../../src/relay/startRelay";
import { waitUntil } from "../../support/waitUntil";

export const TOKENS = {
  ana: "ana-token-4f1c9b2e7d6a5f3c8e1b",
  ben: "ben-token-9a8b7c6d5e4f3a2b1c0d",
} as const;

/** Standard Webhooks secrets (`whsec_` + base64 of 32 bytes), one per provider that signs that way. */
export const SECRETS = {
  openai: `whsec_${Buffer.alloc(32, 1).toString("base64")}`,
  replicate: `whsec_${Buffer.alloc(32, 2).toString("base64")}`,
  kling: `whsec_${Buffer.alloc(32, 3).toString("base64")}`,
  gemini: `whsec_${Buffer.alloc(32, 4).toString("base64")}`,
} as const;

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "shotbin-relay-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Collects log lines so tests can search them. */
export function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, lines, text: () => lines.join("\n") };
}

export interface TestRelay {
  relay: RunningRelay;
  dir: string;
  database: string;
  logs: ReturnType<typeof logCapture>;
  close(): Promise<void>;
}

export function testConfig(dir: string, overrides: Partial<RelayConfigInput> = {}) {
  return parseRelayConfig({
    port: 0,
    host: "127.0.0.1",
    database: join(dir, "relay.sqlite"),
    publicBaseUrl: "https://relay.example.test",
    users: [
      { name: "ana", token: TOKENS.ana },
      { name: "ben", token: TOKENS.ben },
    ],
    secrets: { openai: SECRETS.openai, replicate: SECRETS.replicate, kling: SECRETS.kling, gemini: SECRETS.gemini },
    heartbeatSeconds: 1,
    durability: "normal",
    logLevel: "debug",
    ...overrides,
  });
}

/** A relay on loopback with a fresh SQLite file. */
export async function startTestRelay(overrides: Partial<RelayConfigInput> = {}, options: Partial<StartRelayOptions> = {}): Promise<TestRelay> {
  const dir = tempDir();
  const logs = logCapture();
  const config = testConfig(dir.path, overrides);
  const relay = await startRelay({ config, logDestination: logs.stream, ...options });
  return {
    relay,
    dir: dir.path,
    database: config.database,
    logs,
    async close() {
      await relay.close();
      dir.remove();
    },
  };
}

export const nodeWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

export function memoryCursor(initial?: number): RelayCursorStore & { value: number | undefined } {
  const store = {
    value: initial,
    load: async () => store.value,
    save: async (seq: number) => {
      store.value = seq;
    },
  };
  return store;
}

/** A RelayClient that records every event it is given, with a way to wait for a count. */
export function collectingClient(baseUrl: string, token: string, options: Partial<RelayClientOptions> = {}) {
  const cursor = (options.cursor as ReturnType<typeof memoryCursor> | undefined) ?? memoryCursor();
  const client = new RelayClient({
    baseUrl,
    token,
    webSocket: nodeWebSocket,
    fetch: globalFetch(),
    clock: systemClock,
    cursor,
    backoff: { initialDelayMs: 50, maxDelayMs: 400 },
    longPollWaitSeconds: 2,
    ...options,
  });
  const events: RelayEvent[] = [];
  const states: string[] = [];
  const errors: Error[] = [];
  client.on("event", (event) => {
    events.push(event);
  });
  client.on("state", (state) => states.push(state));
  client.on("error", (error) => errors.push(error));
  return {
    client,
    cursor,
    events,
    states,
    errors,
    waitForEvents: (count: number, timeoutMs = 10_000) => waitUntil(() => events.length >= count, timeoutMs, () => `expected ${count} events, got ${events.length}`),
    waitForState: (state: string, timeoutMs = 10_000) => waitUntil(() => client.state === state, timeoutMs, () => `expected state ${state}, saw ${states.join(" → ")}`),
  };
}

export { waitUntil };

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function getJson(url: string, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Prometheus text.
  }
  return { status: response.status, body };
}

export function registerJob(relay: RunningRelay, token: string, provider: string, providerJobId: string) {
  return postJson(`${relay.url}/v1/jobs`, { provider, providerJobId }, token);
}

/** One counter or gauge value from /metrics text. */
export async function metricValue(relay: RunningRelay, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await relay.metrics.registry.metrics();
  const labelText = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(",");
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const [series, value] = line.split(" ");
    if (series === name && !labelText) return Number(value);
    if (series?.startsWith(`${name}{`) && Object.entries(labels).every(([key, v]) => series.includes(`${key}="${v}"`))) return Number(value);
  }
  return 0;
}

export async function waitForMetric(relay: RunningRelay, name: string, labels: Record<string, string>, expected: number, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let value = await metricValue(relay, name, labels);
  while (value !== expected) {
    if (Date.now() > deadline) throw new Error(`timed out: ${name} is ${value}, expected ${expected}`);
    await delay(10);
    value = await metricValue(relay, name, labels);
  }
}
