import { promises as fsp } from "node:fs";
import * as path from "node:path";
import { backoffDelay, DEFAULT_BACKOFF } from "../../src/relay/client/backoff";
import { parseServerMessage } from "../../src/relay/client/protocol";
import { streamUrl } from "../../src/relay/client/webSocketSession";

/**
 * The relay client runs inside the UXP panel: no Node modules or globals, no EventSource, no
 * TextEncoder/TextDecoder, no crypto.subtle, and a WebSocket that cannot set headers.
 */
const CLIENT = path.join(__dirname, "../../src/relay/client");

it("client sources use nothing UXP lacks and import only core code, quality types and each other", async () => {
  const offenders: string[] = [];
  for (const name of await fsp.readdir(CLIENT)) {
    const code = (await fsp.readFile(path.join(CLIENT, name), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const pattern of [/\bBuffer\b/, /\bTextEncoder\b/, /\bTextDecoder\b/, /crypto\.subtle/, /\bEventSource\b/, /\brequire\(/, /\bprocess\./, /\bsetImmediate\b/, /\bnew URL\(/, /NodeJS\./]) {
      if (pattern.test(code)) offenders.push(`${name}: ${pattern}`);
    }
    for (const match of code.matchAll(/import (type )?[^;]*?from "([^"]+)"/g)) {
      const source = match[2]!;
      // Take QA's wire types name the quality vocabulary: types only, erased from the bundle.
      const typesOnly = match[1] !== undefined && source === "../../quality/qualityTypes";
      if (!source.startsWith("./") && !source.startsWith("../../core/") && !typesOnly) offenders.push(`${name} imports ${source}`);
    }
  }
  expect(offenders).toEqual([]);
});

it("backs off exponentially with jitter, up to the cap", () => {
  const policy = { ...DEFAULT_BACKOFF, initialDelayMs: 100, maxDelayMs: 1000 };
  expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 1))).toEqual([100, 200, 400, 800, 1000]);
  expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500]);
});

it("derives the stream URL from the relay's base URL", () => {
  expect(streamUrl("https://relay.example.com/")).toBe("wss://relay.example.com/v1/stream");
  expect(streamUrl("http://10.0.0.5:8787")).toBe("ws://10.0.0.5:8787/v1/stream");
  expect(streamUrl("https://studio.example.com/relay")).toBe("wss://studio.example.com/relay/v1/stream");
});

it("ignores frames it does not understand instead of failing", () => {
  expect(parseServerMessage("not json")).toBeUndefined();
  expect(parseServerMessage('{"type":"event","event":{"seq":"1"}}')).toBeUndefined();
  expect(parseServerMessage('{"type":"news"}')).toBeUndefined();
  expect(parseServerMessage('{"type":"ping"}')).toEqual({ type: "ping" });
});
