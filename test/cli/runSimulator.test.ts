import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { runShotList, type RunIo } from "../../src/cli/runCommand";
import { inspectMedia } from "../../src/media/inspectMedia";
import { NodeRandomAccessFile } from "../../src/media/nodeRandomAccessFile";
import { checkEdl, checkFcpxml, checkOtio, checkResolveCsv } from "../shotlist/exportChecks";

const ROOT = join(__dirname, "..", "..");
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-sim-run-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv = {}, options: { tty?: boolean; interrupt?: (fire: () => void) => void } = {}) {
  let out = "";
  let err = "";
  const value: RunIo = {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false, columns: 100, rows: 40 },
    stderr: { write: (text: string) => (err += text) },
    env: { SHOTBIN_HOME: join(folder, "home"), SHOTBIN_SIMULATOR_MS: "20,40", ...env },
    cwd: folder,
    ...(options.interrupt ? { onInterrupt: (handler: () => void) => (options.interrupt!(handler), () => undefined) } : {}),
  };
  return { io: value, out: () => out, err: () => err };
}

async function shotbinMetadata(path: string) {
  const file = await NodeRandomAccessFile.open(path, "read");
  try {
    return (await inspectMedia(file)).xmp?.shotbin;
  } finally {
    await file.close();
  }
}

describe("npx shotbin run with the simulator", () => {
  it("turns the StudioBinder example into embedded clips and the four exports", async () => {
    const out = join(folder, "harbour");
    const { stdout } = await promisify(execFile)("npx", ["shotbin", "run", join(ROOT, "assets", "examples", "harbour-studiobinder.csv"), "--out", out], {
      cwd: ROOT,
      env: { ...process.env, SHOTBIN_SIMULATOR_MS: "20,40", SHOTBIN_HOME: join(folder, "home"), SHOTBIN_FAL_KEY: "", SHOTBIN_KLING_KEY: "" },
    });
    expect(stdout).toContain("8 take(s) done, 0 failed");
    const names = await readdir(out);
    const clips = names.filter((name) => name.endsWith(".mp4")).sort();
    expect(clips).toHaveLength(8);
    const stem = "THE_HARBOUR_-_Shot_List_Day_3";
    expect(names).toEqual(expect.arrayContaining([`${stem}.otio`, `${stem}.fcpxml`, `${stem}.edl`, `${stem}.resolve.csv`, "shotbin-ledger.json", "shotbin-run.json"]));

    const otio = checkOtio(await readFile(join(out, `${stem}.otio`), "utf8"));
    expect(otio.items.map((item) => item.frames)).toEqual([5, 4, 4, 6, 8, 4, 10, 5].map((s) => s * 24));
    expect(otio.items.map((item) => item.file!.split("/").pop()).sort()).toEqual(clips);
    const fcpxml = checkFcpxml(await readFile(join(out, `${stem}.fcpxml`), "utf8"));
    expect(fcpxml.spine.map((item) => item.duration)).toEqual(otio.items.map((item) => item.frames));
    const edl = checkEdl(await readFile(join(out, `${stem}.edl`), "utf8"), 24);
    expect(edl.events).toHaveLength(8);
    expect(edl.events[7]!.recordOut - edl.events[0]!.recordIn).toBe(46 * 24);
    const rows = checkResolveCsv(await readFile(join(out, `${stem}.resolve.csv`), "utf8"));
    expect(rows.map((row) => row["File Name"]).sort()).toEqual(clips);

    // Every clip carries its shot, prompt and model, as the panel's clips do.
    const first = otio.items[0]!;
    expect(await shotbinMetadata(first.file!)).toMatchObject({ shotId: "1.1", model: "shotbin-sim", provider: "simulator", shotList: "THE HARBOUR - Shot List (Day 3)", prompt: expect.stringContaining("Dawn over a small fishing harbour") });
  });

  it("previews a plan as JSON with --dry-run and spends nothing", async () => {
    const run = io();
    const code = await runShotList([join(ROOT, "assets", "examples", "the-harbour.fountain"), "--dry-run", "--json", "--out", join(folder, "x")], run.io);
    expect(code).toBe(0);
    const summary = JSON.parse(run.out()) as { rows: { shot: string; model: string; takes: number }[]; jobs: number; totalUsd: number; rehearsal: boolean; warnings: string[] };
    expect(summary.rows.map((row) => [row.shot, row.model, row.takes])).toEqual([
      ["3A", "shotbin-sim", 1],
      ["3B", "shotbin-sim", 1],
      ["3C", "shotbin-sim", 2],
      ["4A", "shotbin-sim", 1],
    ]);
    expect(summary.jobs).toBe(5);
    expect(await readdir(folder)).not.toContain("x");
  });

  it("refuses a list with errors (exit 3, bad input) or over the budget (exit 4, refused), and says why", async () => {
    const rows = ["Shot,Description,Length,Model"];
    for (let i = 1; i <= 12; i++) rows.push(`${i},A gull on a post ${i},5,kling-2.6`);
    rows.push("13,A gull takes off,12s,kling-2.6");
    await writeFile(join(folder, "gulls.csv"), rows.join("\n"));
    const bad = io({ SHOTBIN_KLING_KEY: "set" });
    expect(await runShotList(["gulls.csv"], bad.io)).toBe(3);
    expect(bad.err()).toContain(`gulls.csv: row 14, column "Length": shot 13: duration 12 s is not allowed for kling-2.6; allowed: 5, 10 ('12s'). Fix: use one of 5, 10`);
    expect(bad.err()).toContain("refused: the list has 1 error");
    expect(await readdir(folder)).toEqual(["gulls.csv"]);

    await writeFile(join(folder, "gulls.csv"), rows.slice(0, 13).join("\n"));
    const over = io({ SHOTBIN_KLING_KEY: "set" });
    expect(await runShotList(["gulls.csv", "--budget", "0.50"], over.io)).toBe(4);
    expect(over.err()).toMatch(/refused: the plan costs \$\d+\.\d\d, over the run budget of \$0\.50/);

    // The daily cap counts what other runs approved today (the journal in SHOTBIN_HOME).
    const priced = io({ SHOTBIN_KLING_KEY: "set" });
    expect(await runShotList(["gulls.csv", "--dry-run", "--json"], priced.io)).toBe(0);
    const total = (JSON.parse(priced.out()) as { totalUsd: number }).totalUsd;
    const cap = String(total + 0.5);
    const alone = io({ SHOTBIN_KLING_KEY: "set", SHOTBIN_DAILY_CAP_USD: cap });
    expect(await runShotList(["gulls.csv", "--dry-run"], alone.io)).toBe(0);
    const now = new Date();
    const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
    await mkdir(join(folder, "home"), { recursive: true });
    await writeFile(join(folder, "home", "daily-spend.json"), JSON.stringify({ version: 1, days: { [day]: [{ runId: "earlier", usd: 0.75, folder: "/elsewhere" }] } }));
    const capped = io({ SHOTBIN_KLING_KEY: "set", SHOTBIN_DAILY_CAP_USD: cap });
    expect(await runShotList(["gulls.csv", "--dry-run"], capped.io)).toBe(4);
    expect(capped.out()).toMatch(/Refused: today's spend \$0\.75 plus this plan's \$\d+\.\d\d is over the daily cap of \$\d+\.\d\d/);

    const usage = io();
    expect(await runShotList(["gulls.csv", "--concurrency", "fal=0"], usage.io)).toBe(2);
    expect(usage.err()).toContain("--concurrency takes provider=N with N ≥ 1 (fal=2), not 'fal=0'");
  });

  it("stops submitting on Ctrl-C, follows what was sent, exits 130, and --resume finishes the rest", async () => {
    const out = join(folder, "night");
    let interrupt: (() => void) | undefined;
    const run = io({ SHOTBIN_SIMULATOR_MS: "150,300" }, { interrupt: (fire) => (interrupt = fire) });
    const list = join(ROOT, "assets", "examples", "night-market-semicolon.csv");
    const running = runShotList([list, "--out", out, "--concurrency", "simulator=2"], run.io);
    const ledger = () => JSON.parse(require("node:fs").readFileSync(join(out, "shotbin-ledger.json"), "utf8")) as { jobs: { state: string; handle?: unknown }[] };
    for (let i = 0; i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (require("node:fs").existsSync(join(out, "shotbin-ledger.json")) && ledger().jobs.some((job) => job.state === "queued" || job.state === "running")) break;
    }
    interrupt!();
    expect(await running).toBe(130);
    expect(run.out()).toContain("Interrupted: no new shots are sent");
    const stopped = ledger().jobs;
    expect(stopped.filter((job) => job.state === "planned").length).toBeGreaterThan(0);
    // What was sent was followed to the end: nothing is left mid-flight.
    expect(stopped.every((job) => job.state === "planned" || job.state === "ready")).toBe(true);
    expect(run.err()).toContain("--resume");

    const resumed = io({ SHOTBIN_SIMULATOR_MS: "20,40" }, { tty: true });
    expect(await runShotList([list, "--out", out, "--resume"], resumed.io)).toBe(0);
    expect(ledger().jobs.every((job) => job.state === "ready")).toBe(true);
    // On a terminal the progress block is redrawn in place.
    expect(resumed.out()).toContain("\x1b[");
    expect(resumed.out()).toMatch(/night-market-semicolon: 6\/6 done · spent \$0\.00 of \$0\.00 approved/);
  });
});
