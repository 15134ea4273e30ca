import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { collectingClient, delay, memoryCursor, tempDir, TOKENS, waitUntil } from "./support/relayHarness";
import { startFalSigner } from "./support/signedWebhooks";

/**
 * The relay runs as its own process (`node bin/shotbin.js relay`), is killed with SIGKILL while
 * webhooks are flowing, and restarted on the same database. The "provider" retries every webhook
 * until it gets a 2xx, as real providers do; the panel reconnects with its saved cursor.
 */

const ROOT = join(__dirname, "..", "..");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function startRelayProcess(configFile: string, port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, "bin", "shotbin.js"), "relay", "--config", configFile, "--port", String(port)], {
    cwd: ROOT,
    env: { ...process.env, SHOTBIN_RELAY_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('"msg":"relay listening"')) {
        clearInterval(timer);
        resolve({ child, output: () => output });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`relay exited early (${child.exitCode}): ${output}`));
      }
    }, 20);
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}

it("loses and repeats nothing across a SIGKILL mid-stream and a restart on the same database", async () => {
  const fal = await startFalSigner();
  const dir = tempDir();
  const children: ChildProcess[] = [];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const configFile = join(dir.path, "relay.json");
  writeFileSync(
    configFile,
    JSON.stringify({ host: "127.0.0.1", database: join(dir.path, "relay.sqlite"), users: [{ name: "ana", token: TOKENS.ana }], falJwksUrl: fal.jwksUrl, heartbeatSeconds: 1 }),
  );
  const cursor = memoryCursor();
  const panel = collectingClient(base, TOKENS.ana, { cursor, backoff: { initialDelayMs: 50, maxDelayMs: 200 }, longPollAfterFailures: 1000 });
  try {
    const first = await startRelayProcess(configFile, port);
    children.push(first.child);
    await panel.client.start();
    await panel.waitForState("live");

    const jobIds = Array.from({ length: 60 }, (_, i) => `restart-${String(i).padStart(2, "0")}`);
    for (const id of jobIds) {
      const answer = await fetch(`${base}/v1/jobs`, { method: "POST", headers: { authorization: `Bearer ${TOKENS.ana}`, "content-type": "application/json" }, body: JSON.stringify({ provider: "fal", providerJobId: id }) });
      expect(answer.status).toBe(200);
    }

    // The provider: sends each webhook until it is answered 2xx, re-signing every attempt.
    const acknowledged: string[] = [];
    let attempts = 0;
    const provider = (async () => {
      for (const id of jobIds) {
        for (;;) {
          attempts++;
          const webhook = fal.webhook(id);
          const status = await fetch(`${base}/hooks/fal`, { method: "POST", headers: webhook.headers, body: webhook.body }).then(
            (response) => response.status,
            () => 0,
          );
          if (status === 200) break;
          await delay(25);
        }
        acknowledged.push(`${id}:OK`);
        await delay(5);
      }
    })();

    await waitUntil(() => acknowledged.length >= 20, 20_000, () => `acknowledged ${acknowledged.length}`);
    first.child.kill("SIGKILL");
    expect(await exited(first.child)).toEqual({ code: null, signal: "SIGKILL" });
    const acknowledgedBeforeKill = acknowledged.length;
    const seenBeforeKill = panel.events.length;
    await delay(300);

    const second = await startRelayProcess(configFile, port);
    children.push(second.child);
    await provider;
    await panel.waitForEvents(jobIds.length, 20_000);
    await delay(300);

    expect(acknowledgedBeforeKill).toBeLessThan(jobIds.length);
    expect(seenBeforeKill).toBeLessThan(jobIds.length);
    expect(attempts).toBeGreaterThan(jobIds.length);
    expect(panel.events.map((e) => e.deliveryId)).toEqual(acknowledged);
    const seqs = panel.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(cursor.value).toBe(seqs[seqs.length - 1]);

    // SIGTERM: a graceful stop that tells the panel why.
    const closedStates = panel.states.length;
    second.child.kill("SIGTERM");
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
    expect(second.output()).toContain('"msg":"relay stopped"');
    await waitUntil(() => panel.states.slice(closedStates).includes("waiting"), 5000, () => panel.states.join(" → "));
  } finally {
    await panel.client.stop();
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await Promise.all(children.map(exited));
    await fal.close();
    dir.remove();
  }
}, 60_000);
