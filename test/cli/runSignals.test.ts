import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ledger } from "../../src/core/ledger";
import { planJob } from "../../src/core/plan";
import { memoryLedgerStore } from "../../src/core/seams/ledgerStore";
import { resolvedRequest } from "../support/requests";
import type { JobRecord } from "../../src/core/jobRecord";
import { RunStop } from "../../src/cli/run/runStop";
import { finishRun } from "../../src/cli/run/runOutcome";
import { useFakeProviders } from "../support/fakeProviders";
import { ManualClock } from "../support/manualClock";
import { waitUntil } from "../support/waitUntil";
import { killLeftovers, startCli } from "./support/cliProcess";

/**
 * `shotbin run` stopped by a real signal, as a separate process against the fake providers.
 * SIGTERM (docker stop, a CI timeout): no new submits, the jobs already at a provider stay recorded,
 * the exports are written, the resume command is printed, exit 130; --resume then follows those
 * jobs and buys nothing twice (the fake counts every create). Ctrl-C (SIGINT): the same, but the
 * jobs already at a provider are followed to the end first.
 */
const fake = useFakeProviders({ queueMs: 10, runMs: 10 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-signals-"));
});
afterEach(async () => {
  killLeftovers();
  await rm(folder, { recursive: true, force: true });
});

interface LedgerJob {
  id: string;
  state: string;
  request: { prompt: string };
  handle?: { id: string };
}

function ledger(out: string): LedgerJob[] {
  try {
    return (JSON.parse(readFileSync(join(out, "shotbin-ledger.json"), "utf8")) as { jobs: LedgerJob[] }).jobs;
  } catch {
    return [];
  }
}

/** Jobs created from now on run until `release()`. */
function holdJobs() {
  const world = fake().world;
  world.config = { ...world.config, runMs: Number.POSITIVE_INFINITY };
  return {
    release() {
      world.config = { ...world.config, runMs: 10 };
      for (const job of world.jobs.values()) job.runMs = 0;
    },
  };
}

async function startRun(out: string, extra: string[] = []) {
  const rows = ["Shot,Description,Length,Model"];
  for (let i = 1; i <= 6; i++) rows.push(`${i},Snow on the harbour wall number ${i},5,kling-2.6`);
  await writeFile(join(folder, "snow.csv"), rows.join("\n"));
  return startCli(["run", "snow.csv", "--out", out, "--fake-providers", fake().origin, "--concurrency", "kling=2", "--yes", ...extra], {
    cwd: folder,
    env: { SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home") },
  });
}

async function twoAtTheProvider(out: string, output: () => string): Promise<void> {
  await waitUntil(
    () => ledger(out).filter((job) => (job.state === "queued" || job.state === "running") && job.handle).length === 2 && fake().world.creates.kling === 2,
    30_000,
    () => `two jobs at the provider; ledger: ${ledger(out).map((job) => job.state).join(", ")}; output: ${output()}`,
  );
}

describe("shotbin run and SIGTERM", () => {
  it("stops submitting, records the jobs at the provider, writes the exports, says how to resume, exits 130; --resume re-buys nothing", async () => {
    const held = holdJobs();
    const out = join(folder, "out");
    const run = await startRun(out);
    await twoAtTheProvider(out, () => run.stdout() + run.stderr());

    run.child.kill("SIGTERM");
    expect(await run.exit).toBe(130);
    const output = run.stdout() + run.stderr();
    expect(output).toContain("SIGTERM: no new shots are sent; recording the 2 job(s) already at a provider for --resume, then stopping.");
    expect(run.stderr()).toContain(`2 job(s) are still at the providers and --resume follows them without sending them again. Continue with: shotbin run snow.csv --out ${out} --resume`);
    for (const ext of ["otio", "fcpxml", "edl", "resolve.csv"]) expect(existsSync(join(out, `snow.${ext}`))).toBe(true);
    const atStop = ledger(out);
    const inFlight = atStop.filter((job) => job.handle);
    expect(inFlight).toHaveLength(2);
    expect(inFlight.every((job) => job.state === "queued" || job.state === "running")).toBe(true);
    expect(atStop.filter((job) => job.state === "planned")).toHaveLength(4);
    expect(fake().world.creates.kling).toBe(2);

    held.release();
    const resumed = startCli(["run", "snow.csv", "--out", out, "--fake-providers", fake().origin, "--resume"], { cwd: folder, env: { SHOTBIN_POLL_MS: "30", SHOTBIN_HOME: join(folder, "home") } });
    expect(await resumed.exit).toBe(0);
    const after = ledger(out);
    expect(after.every((job) => job.state === "ready")).toBe(true);
    // The two jobs that were at the provider kept their provider ids: followed, not bought again.
    for (const job of inFlight) expect(after.find((candidate) => candidate.id === job.id)?.handle?.id).toBe(job.handle!.id);
    expect(fake().world.creates.kling).toBe(6);
    const prompts = [...fake().world.jobs.values()].map((job) => job.prompt);
    expect(new Set(prompts).size).toBe(6);
  });
});

describe("shotbin run and Ctrl-C (SIGINT)", () => {
  it("stops submitting and follows the jobs already at the provider to the end, then exits 130", async () => {
    const held = holdJobs();
    const out = join(folder, "out");
    const run = await startRun(out);
    await twoAtTheProvider(out, () => run.stdout() + run.stderr());
    run.child.kill("SIGINT");
    await run.waitFor(/Interrupted: no new shots are sent\. Following the 2 job\(s\)/);
    held.release();
    expect(await run.exit).toBe(130);
    const jobs = ledger(out);
    expect(jobs.filter((job) => job.state === "ready")).toHaveLength(2);
    expect(jobs.filter((job) => job.state === "planned")).toHaveLength(4);
    expect(fake().world.creates.kling).toBe(2);
    expect(run.stderr()).toContain(`Continue with: shotbin run snow.csv --out ${out} --resume`);
  });
});

describe("RunStop", () => {
  it("on SIGTERM waits for a submit on the wire to get its job id before it stops following", async () => {
    const { ledger: jobs } = await Ledger.open(memoryLedgerStore(), new ManualClock());
    const job = planJob(
      { request: resolvedRequest("simulator", "shotbin-sim"), estimate: { usd: 0, usdPerSecond: 0, billedSeconds: 5, confirmed: true, source: "test", asOf: "2026-11-24" }, shot: { shotId: "1", order: 0, take: 1 } },
      Date.parse("2026-11-24T10:00:00Z"),
    );
    await jobs.add([job]);
    await jobs.transition(job.id, "submitting");
    const events: string[] = [];
    const stop = new RunStop({ ledger: jobs, stopSubmitting: () => events.push("stop submitting"), leave: () => events.push("leave"), message: () => undefined });
    stop.handle("SIGTERM");
    expect(events).toEqual(["stop submitting"]);
    await jobs.transition(job.id, "queued", { handle: { id: "task-1" } } as Partial<JobRecord>);
    expect(events).toEqual(["stop submitting", "leave"]);
    // A second signal after leaving changes nothing more.
    stop.handle("SIGINT");
    expect(events).toEqual(["stop submitting", "leave"]);
    expect(stop.signal).toBe("SIGTERM");
  });
});

describe("the end of a stopped run", () => {
  it("reports a download cut short by the stop as something --resume redoes, not as a failed shot, and exits 130", async () => {
    const { ledger: jobs } = await Ledger.open(memoryLedgerStore(), new ManualClock());
    const job = planJob(
      { request: resolvedRequest("simulator", "shotbin-sim"), estimate: { usd: 0.5, usdPerSecond: 0.1, billedSeconds: 5, confirmed: true, source: "test", asOf: "2026-11-24" }, shot: { shotId: "7", order: 0, take: 1 } },
      Date.parse("2026-11-24T10:00:00Z"),
    );
    await jobs.add([job]);
    for (const state of ["submitting", "queued", "running", "succeeded", "downloading"] as const) {
      await jobs.transition(job.id, state, state === "queued" ? ({ handle: { id: "task-7" } } as Partial<JobRecord>) : {});
    }
    await jobs.transition(job.id, "failed", { failure: { step: "download", kind: "media", message: "This operation was aborted", retryable: true, charged: true, at: "2026-11-24T10:01:00.000Z" } } as Partial<JobRecord>);
    let err = "";
    const code = await finishRun({
      jobs: jobs.jobs(),
      ids: [job.id],
      summary: { done: [], failed: [job.id], cancelled: [], committedUsd: 0.5 },
      name: "stopped",
      rate: { num: 24, den: 1 },
      outDir: folder,
      resumeCommand: "shotbin run list.csv --out out --resume",
      stoppedBy: "SIGTERM",
      budgetPaused: false,
      out: () => undefined,
      err: (text) => (err += `${text}\n`),
    });
    expect(code).toBe(130);
    expect(err).toContain("  - shot 7 take 1 (shotbin-sim): stopped while downloading; --resume downloads it again [charged]");
    expect(err).toContain("Continue with: shotbin run list.csv --out out --resume");
  });
});
