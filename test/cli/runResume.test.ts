import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useFakeProviders } from "../support/fakeProviders";

/**
 * The CLI is killed (SIGKILL: no handler runs, nothing is flushed) in the middle of a run, with
 * jobs waiting at the providers, then started again with --resume. The fake's create counts show
 * that nothing was bought twice, and the jobs that were at a provider were followed, not resent.
 */
const fake = useFakeProviders({ queueMs: 300, runMs: 900 });
const ROOT = join(__dirname, "..", "..");
let folder: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-resume-"));
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(folder, { recursive: true, force: true });
});

interface LedgerJob {
  id: string;
  state: string;
  shot: { shotId: string };
  request: { provider: string; prompt: string };
  handle?: { id: string };
  failure?: { kind: string };
}

function ledger(out: string): LedgerJob[] {
  const file = join(out, "shotbin-ledger.json");
  if (!existsSync(file)) return [];
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { jobs: LedgerJob[] }).jobs;
  } catch {
    return [];
  }
}

function start(args: string[]): { child: ChildProcess; exit: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [join(ROOT, "bin", "shotbin.js"), "run", ...args], {
    cwd: folder,
    env: { ...process.env, SHOTBIN_POLL_MS: "60", SHOTBIN_HOME: join(folder, "home") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, output: () => output };
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("shotbin run --resume after the process is killed", () => {
  it("re-tracks the jobs at the providers and buys nothing twice", async () => {
    const world = fake().world;
    const models = ["kling-2.6", "fal-ai/kling-video/v2.6/pro", "kwaivgi/kling-v2.6"];
    const rows = ["Shot,Description,Length,Model"];
    for (let i = 1; i <= 18; i++) rows.push(`${i},Waves against the pier in the storm number ${i},5,${models[(i - 1) % 3]}`);
    await writeFile(join(folder, "pier.csv"), rows.join("\n"));
    const out = join(folder, "out");
    const args = ["pier.csv", "--out", out, "--fake-providers", fake().origin, "--concurrency", "kling=2,fal=2,replicate=2", "--yes"];

    const first = start(args);
    // Kill it once some shots are done and others are waiting at a provider.
    await until(() => {
      const jobs = ledger(out);
      return jobs.some((job) => job.state === "ready") && jobs.filter((job) => job.state === "queued" || job.state === "running").length >= 2;
    }, 30_000, `a run with finished and pending shots (output so far: ${first.output()})`);
    first.child.kill("SIGKILL");
    await first.exit;
    const atKill = ledger(out);
    const pending = atKill.filter((job) => job.state === "queued" || job.state === "running");
    const done = atKill.filter((job) => job.state === "ready");
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(atKill.some((job) => job.state === "planned")).toBe(true);
    const createsAtKill = { ...world.creates };

    // A fresh run into the same folder is refused: it would buy the shots again.
    const again = start(args);
    expect(await again.exit).toBe(4);
    expect(again.output()).toMatch(/already holds a run \(18 jobs\)\. Add --resume/);

    const resumed = start([...args, "--resume"]);
    const code = await resumed.exit;
    const after = ledger(out);
    const unknown = after.filter((job) => job.state === "failed");
    // A kill during a submit to a provider that cannot look the job up is reported, never resent.
    expect(unknown.every((job) => job.failure?.kind === "unknown-submit")).toBe(true);
    expect(code).toBe(unknown.length > 0 ? 5 : 0);
    expect(after.filter((job) => job.state === "ready")).toHaveLength(18 - unknown.length);
    expect(resumed.output()).toContain("resuming from");

    // Nothing was bought twice: one create per shot prompt, and the jobs pending at the kill kept their provider jobs.
    const jobs = [...world.jobs.values()];
    for (const provider of ["kling", "fal", "replicate"] as const) {
      const prompts = jobs.filter((job) => job.provider === provider).map((job) => job.prompt);
      expect(new Set(prompts).size).toBe(prompts.length);
      expect(world.creates[provider]).toBe(prompts.length);
      expect(world.creates[provider]).toBeLessThanOrEqual(6);
    }
    expect(Object.values(world.creates).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(18);
    for (const job of after.filter((candidate) => candidate.state === "ready")) {
      expect(jobs.filter((created) => created.prompt === job.request.prompt)).toHaveLength(1);
    }
    for (const job of pending) expect(after.find((candidate) => candidate.id === job.id)?.handle?.id).toBe(job.handle?.id);
    for (const job of done) expect(after.find((candidate) => candidate.id === job.id)?.state).toBe("ready");
    // The resumed run only created what had not been sent before the kill.
    const resentBefore = atKill.filter((job) => job.state !== "planned").length;
    expect(world.creates.kling + world.creates.fal + world.creates.replicate - (createsAtKill.kling + createsAtKill.fal + createsAtKill.replicate)).toBeLessThanOrEqual(18 - resentBefore);
    expect(existsSync(join(out, "pier.otio"))).toBe(true);
  }, 60_000);
});
