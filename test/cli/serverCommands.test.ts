import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killLeftovers, runCli, startCli } from "./support/cliProcess";

/**
 * `shotbin relay` and `shotbin fake-providers` as processes: they start, answer, stop on SIGTERM
 * with exit 0, and a port already in use gets a message with the remedy (exit 2), not a stack.
 */
let folder: string;
let blocker: Server | undefined;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-servers-"));
});
afterEach(async () => {
  killLeftovers();
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** Holds a port on 127.0.0.1, as another program would. */
async function takePort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker!.listen(0, "127.0.0.1", resolve));
  return (blocker.address() as { port: number }).port;
}

describe("shotbin relay", () => {
  it("starts on loopback, answers /healthz, logs the request, and exits 0 on SIGTERM", async () => {
    const relay = startCli(["relay", "--port", "0", "--db", join(folder, "relay.sqlite")]);
    const [, url] = await relay.waitFor(/"url":"(http:\/\/[^"]+)"/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    await relay.waitFor(/"route":"\/healthz","status":200/);
    relay.child.kill("SIGTERM");
    expect(await relay.exit).toBe(0);
    expect(relay.stdout()).toContain("relay stopped");
  });

  it("says which port is taken and how to choose another (exit 2)", async () => {
    const port = await takePort();
    const result = await runCli(["relay", "--port", String(port), "--db", join(folder, "relay.sqlite")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `shotbin relay: port ${port} is already in use on 127.0.0.1 (EADDRINUSE): another program, or another shotbin, listens on 127.0.0.1:${port}. Stop it, or choose another port with --port <port> (or SHOTBIN_RELAY_PORT); --port 0 picks a free one.\n`,
    );
  });

  it("refuses a negative port and a config file that cannot be read, each with its own exit code", async () => {
    const negative = await runCli(["relay", "--port", "-1"]);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain("port (from --port): must be from 0 to 65535");
    const missing = await runCli(["relay", "--config", join(folder, "nope.json")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`config file ${join(folder, "nope.json")} cannot be read (ENOENT)`);
    await writeFile(join(folder, "bad.json"), JSON.stringify({ rateLimit: { perMinute: -5 } }));
    const bad = await runCli(["relay", "--config", join(folder, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`rateLimit.perMinute (from ${join(folder, "bad.json")}): must be 0 (off) or more`);
  });
});

describe("shotbin fake-providers", () => {
  it("says which port is taken (exit 2), and stops on SIGTERM with exit 0", async () => {
    const port = await takePort();
    const taken = await runCli(["fake-providers", "--port", String(port)]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain(`port ${port} is already in use on 127.0.0.1 (EADDRINUSE)`);

    const fake = startCli(["fake-providers", "--port", "0"]);
    const [, origin] = await fake.waitFor(/listening on (http:\/\/\S+)/);
    expect((await fetch(`${origin}/_control/stats`)).status).toBe(200);
    fake.child.kill("SIGTERM");
    expect(await fake.exit).toBe(0);
  });
});
