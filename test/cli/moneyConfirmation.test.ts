import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { confirmationThreshold, confirmSpending } from "../../src/cli/run/moneyConfirmation";
import { runShotList, type RunIo } from "../../src/cli/runCommand";
import { useFakeProviders } from "../support/fakeProviders";

/**
 * A run estimated above the confirmation threshold, with no --budget, is approved by a person: y/N
 * on a terminal, or --yes. Without a terminal it is refused (exit 4) and nothing is sent. The
 * terminal check and the answer's input are injected; the fake providers count what was bought.
 */
const fake = useFakeProviders({ queueMs: 20, runMs: 40 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-confirm-"));
  await writeFile(join(folder, "gulls.csv"), ["Shot,Description,Length,Model", "1,A gull on a post,5,kling-2.6", "2,A gull takes off,5,kling-2.6"].join("\n"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function session(options: { env?: NodeJS.ProcessEnv; terminal?: boolean; answer?: string } = {}) {
  let out = "";
  let err = "";
  const stdin = Object.assign(new PassThrough(), { isTTY: options.terminal ?? false });
  if (options.answer !== undefined) stdin.end(options.answer);
  const io: RunIo = {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: options.terminal ?? false },
    stdin,
    env: { SHOTBIN_HOME: join(folder, "home"), SHOTBIN_POLL_MS: "20", SHOTBIN_CONFIRM_ABOVE_USD: "0.10", ...options.env },
    cwd: folder,
  };
  return { io, out: () => out, err: () => err };
}

const creates = () => Object.values(fake().world.creates).reduce((a, b) => a + b, 0);
const args = (...more: string[]) => ["gulls.csv", "--out", join(folder, "out"), "--fake-providers", fake().origin, ...more];

describe("confirming the money", () => {
  it("without a terminal refuses (exit 4), says what to add, and sends nothing", async () => {
    const run = session();
    expect(await runShotList(args(), run.io)).toBe(4);
    expect(run.err()).toMatch(
      /shotbin run: refused: this run is estimated at \$\d+\.\d\d for 2 take\(s\), above the \$0\.10 that needs a confirmation \(SHOTBIN_CONFIRM_ABOVE_USD\), and there is no terminal to ask\. Add --yes to approve it, or --budget USD to cap what it may spend\./,
    );
    expect(creates()).toBe(0);
    expect(existsSync(join(folder, "out"))).toBe(false);
  });

  it("on a terminal asks y/N: 'n' refuses and sends nothing", async () => {
    const run = session({ terminal: true, answer: "n\n" });
    expect(await runShotList(args(), run.io)).toBe(4);
    expect(run.err()).toMatch(/This run is estimated at \$\d+\.\d\d for 2 take\(s\).*Spend it\? \[y\/N\] /);
    expect(run.err()).toContain("not confirmed: nothing was sent");
    expect(creates()).toBe(0);
  });

  it("on a terminal, an empty answer or the end of input counts as no", async () => {
    const empty = session({ terminal: true, answer: "\n" });
    expect(await runShotList(args(), empty.io)).toBe(4);
    const closed = session({ terminal: true, answer: "" });
    expect(await runShotList(args(), closed.io)).toBe(4);
    expect(creates()).toBe(0);
  });

  it("on a terminal, 'y' runs the plan", async () => {
    const run = session({ terminal: true, answer: "y\n" });
    expect(await runShotList(args(), run.io)).toBe(0);
    expect(run.err()).toContain("Spend it? [y/N] ");
    expect(run.out()).toContain("2 take(s) done, 0 failed");
    expect(creates()).toBe(2);
  });

  it("--yes approves without a terminal; --budget caps the run instead of asking", async () => {
    const yes = session();
    expect(await runShotList(args("--yes"), yes.io)).toBe(0);
    expect(yes.err()).not.toContain("Spend it?");
    const capped = session({ terminal: true, answer: "n\n" });
    expect(await runShotList(["gulls.csv", "--out", join(folder, "capped"), "--fake-providers", fake().origin, "--budget", "100"], capped.io)).toBe(0);
    expect(capped.err()).not.toContain("Spend it?");
    expect(creates()).toBe(4);
  });

  it("takes the threshold from the config file, with the environment variable over it", async () => {
    await mkdir(join(folder, "home"), { recursive: true });
    await writeFile(join(folder, "home", "config.json"), JSON.stringify({ confirmAboveUsd: 1000 }));
    const fromFile = session({ env: { SHOTBIN_CONFIRM_ABOVE_USD: "" } });
    expect(await runShotList(args(), fromFile.io)).toBe(0);
    const envWins = session();
    expect(await runShotList(["gulls.csv", "--out", join(folder, "again"), "--fake-providers", fake().origin], envWins.io)).toBe(4);
    expect(creates()).toBe(2);
  });

  it("reports a bad threshold: the variable as a usage error (2), the file as bad input (3)", async () => {
    const variable = session({ env: { SHOTBIN_CONFIRM_ABOVE_USD: "-3" } });
    expect(await runShotList(args(), variable.io)).toBe(2);
    expect(variable.err()).toContain("SHOTBIN_CONFIRM_ABOVE_USD cannot be negative (got -3)");
    await mkdir(join(folder, "home"), { recursive: true });
    await writeFile(join(folder, "home", "config.json"), JSON.stringify({ confirmAboveUsd: "five" }));
    const file = session({ env: { SHOTBIN_CONFIRM_ABOVE_USD: "" } });
    expect(await runShotList(args(), file.io)).toBe(3);
    expect(file.err()).toContain(`${join(folder, "home", "config.json")}: "confirmAboveUsd" must be a number of US dollars, 0 or more, not "five"`);
    expect(creates()).toBe(0);
  });
});

describe("the threshold and the rule", () => {
  const base = { estimateUsd: 4, unknownPrices: 0, takes: 2, budgetGiven: false, yes: false, interactive: false, ask: async () => "y" };

  it("defaults to $5", () => {
    expect(confirmationThreshold({}, {})).toEqual({ usd: 5, source: "the default; set SHOTBIN_CONFIRM_ABOVE_USD to change it" });
  });

  it("asks only above the threshold, or when some price is unknown", async () => {
    const threshold = confirmationThreshold({}, {});
    expect(await confirmSpending({ ...base, threshold, estimateUsd: 5 })).toEqual({ approved: true, asked: false });
    expect(await confirmSpending({ ...base, threshold, estimateUsd: 5.01 })).toMatchObject({ approved: false });
    expect(await confirmSpending({ ...base, threshold, unknownPrices: 1 })).toEqual({
      approved: false,
      message: "refused: 1 take(s) of this run have no known price, so its estimate of $4.00 may be low, and there is no terminal to ask. Add --yes to approve it, or --budget USD to cap what it may spend.",
    });
    expect(await confirmSpending({ ...base, threshold, estimateUsd: 50, interactive: true })).toEqual({ approved: true, asked: true });
  });
});
