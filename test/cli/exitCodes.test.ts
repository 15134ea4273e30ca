import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../src/cli/exitCodes";
import { runShotList, type RunIo } from "../../src/cli/runCommand";
import { runCli } from "./support/cliProcess";

/**
 * The exit-code table (src/cli/exitCodes.ts) as the commands use it: a missing or damaged file is
 * bad input (3), not a refusal; a refusal (nothing to resume, a folder in use) is 4.
 */
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-exit-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function io(): { io: RunIo; err: () => string; out: () => string } {
  let out = "";
  let err = "";
  return {
    io: { stdout: { write: (text: string) => (out += text) }, stderr: { write: (text: string) => (err += text) }, env: { SHOTBIN_HOME: join(folder, "home"), SHOTBIN_SIMULATOR_MS: "5,5" }, cwd: folder },
    err: () => err,
    out: () => out,
  };
}

describe("bad input is 3", () => {
  it("embed and inspect: a missing clip", async () => {
    await writeFile(join(folder, "meta.json"), JSON.stringify({ provider: "fal", model: "m", generatedAt: "2025-01-02T03:04:05Z" }));
    const embed = await runCli(["embed", join(folder, "missing.mp4"), "--meta", join(folder, "meta.json")]);
    expect(embed.code).toBe(EXIT.badInput);
    expect(embed.stderr).toContain(`shotbin embed: Cannot embed into ${join(folder, "missing.mp4")}: ENOENT`);
    const inspect = await runCli(["inspect", join(folder, "missing.mp4")]);
    expect(inspect.code).toBe(EXIT.badInput);
    const meta = await runCli(["embed", join(folder, "missing.mp4"), "--meta", join(folder, "no-meta.json")]);
    expect(meta.code).toBe(EXIT.badInput);
  });

  it("package-ccx: no built panel", async () => {
    const result = await runCli(["package-ccx", "--dist", join(folder, "dist"), "--out", join(folder, "x.ccx")]);
    expect(result.code).toBe(EXIT.badInput);
    expect(result.stderr).toContain("does not exist; run `npm run build` first.");
  });

  it("run: a missing shot list, and a list with a control character in a prompt (row and column named)", async () => {
    const missing = io();
    expect(await runShotList(["nope.csv"], missing.io)).toBe(EXIT.badInput);
    expect(missing.err()).toBe(`shotbin run: cannot read the shot list ${join(folder, "nope.csv")}: there is no such file\n`);

    await writeFile(join(folder, "nul.csv"), "Shot,Description,Length\n1,A calm sea,5\n2,A bell\u0000 rings,5\n");
    const nul = io();
    expect(await runShotList(["nul.csv", "--dry-run"], nul.io)).toBe(EXIT.badInput);
    expect(nul.out()).toContain('row 3, column "Description": shot 2: prompt has a control character (U+0000 NUL) at character 7');
    const real = io();
    expect(await runShotList(["nul.csv"], real.io)).toBe(EXIT.badInput);
    expect(real.err()).toContain("refused: the list has 1 error");
  });
});

describe("refusals are 4", () => {
  it("run --resume with nothing to resume", async () => {
    await writeFile(join(folder, "list.csv"), "Shot,Description\n1,A calm sea\n");
    const run = io();
    expect(await runShotList(["list.csv", "--out", join(folder, "empty"), "--resume"], run.io)).toBe(EXIT.refused);
    expect(run.err()).toContain("nothing to resume");
  });
});
