/**
 * `shotbin run`'s exports end to end, on the built-in simulator (its bundled clips are real 1920×1080 placeholders,
 * 24 fps, exactly as long as asked): the sequence options (--fps, --frame-size) reach every file,
 * shots are laid by the clips' real frames, and the run says what the timeline is.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runShotList, type RunIo } from "../../src/cli/runCommand";
import { checkEdl, checkFcpxml, checkOtio } from "./exportChecks";

const LIST = join(__dirname, "..", "..", "assets", "examples", "harbour-studiobinder.csv");
const STEM = "THE_HARBOUR_-_Shot_List_Day_3";
/** The list's lengths in seconds. */
const SECONDS = [5, 4, 4, 6, 8, 4, 10, 5];

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-run-exports-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(args: string[]) {
  let out = "";
  let err = "";
  const io: RunIo = {
    stdout: { write: (text: string) => (out += text), isTTY: false, columns: 120 },
    stderr: { write: (text: string) => (err += text) },
    env: { SHOTBIN_HOME: join(folder, "home"), SHOTBIN_SIMULATOR_MS: "10,20" },
    cwd: folder,
  };
  const code = await runShotList([LIST, "--out", join(folder, "out"), ...args], io);
  const file = (suffix: string) => readFile(join(folder, "out", `${STEM}${suffix}`), "utf8");
  return { code, out, err, file };
}

describe("shotbin run's exports", () => {
  it("follow --fps 29.97 and --frame-size, with drop-frame timecode and the clips' real frames, and keep the size on --resume", async () => {
    const first = await run(["--fps", "29.97", "--frame-size", "1920x1080"]);
    expect(first.err).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.out).toContain("Timeline: 1920×1080 (--frame-size), 29.97 fps drop-frame, shots end to end by their clips' frames.");
    // 24 fps clips of whole seconds at 29.97: 5 s = 149.85 → 149 frames, 6 s = 179.82 → 179.
    const frames = SECONDS.map((s) => Math.floor((s * 30000) / 1001));
    const fcpxml = checkFcpxml(await first.file(".fcpxml"));
    expect(fcpxml).toMatchObject({ width: 1920, height: 1080, formatName: "FFVideoFormat1080p2997", tcFormat: "DF" });
    expect(fcpxml.spine.map((item) => item.duration)).toEqual(frames);
    expect(checkOtio(await first.file(".otio")).items.map((item) => item.frames)).toEqual(frames);
    const edl = checkEdl(await first.file(".edl"), 29.97);
    expect(edl.dropFrame).toBe(true);
    expect(edl.events.at(-1)!.recordOut - edl.events[0]!.recordIn).toBe(frames.reduce((a, b) => a + b, 0));

    // Resuming a finished run writes the exports again, at the size the run was started with.
    const again = await run(["--resume"]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("Timeline: 1920×1080 (--frame-size), 29.97 fps drop-frame");
  });

  it("take the clips' own frame size by default, and refuse a frame size that is not one", async () => {
    const plain = await run([]);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("Timeline: 1920×1080 (the clips' size), 24 fps, shots end to end by their clips' frames.");
    expect(checkFcpxml(await plain.file(".fcpxml"))).toMatchObject({ width: 1920, height: 1080, tcFormat: "NDF" });
    expect(checkOtio(await plain.file(".otio")).items.map((item) => item.frames)).toEqual(SECONDS.map((s) => s * 24));

    const bad = await run(["--frame-size", "1920x1081", "--dry-run"]);
    expect(bad.code).toBe(2); // EXIT.usage
    expect(bad.err).toContain("--frame-size must be WIDTHxHEIGHT in even pixels, such as 1920x1080, not '1920x1081'");
  });
});
