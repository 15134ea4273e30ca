/**
 * `shotbin run --pick best` against the fake providers over real HTTP, with takes that differ in
 * quality (the fakes' flickering-clip and frozen-clip faults): each take is measured as it lands,
 * the best becomes the shot's take in the exports (and the continuity source), the others move to
 * takes/, the ledger keeps each take's QA (`extra.qa`), the clips carry it in their XMP (read back
 * with ExifTool), and a rerun buys and measures nothing again.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { runShotList } from "../../src/cli/runCommand";
import type { JobRecord } from "../../src/core/jobRecord";
import { clipFaultOf } from "../../src/fakes/clipFaults";
import { measureClip } from "../../src/quality/measureClip";
import { programs } from "../quality/support/programs";
import { exiftoolXmp } from "../media/support/readers";
import { checkOtio, checkResolveCsv } from "../shotlist/exportChecks";
import { useFakeProviders } from "../support/fakeProviders";
import { capturedRunIo } from "./support/capturedRunIo";

jest.setTimeout(300_000);

const fake = useFakeProviders({ queueMs: 10, runMs: 10 });
let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "shotbin-pick-best-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const io = () => capturedRunIo(folder);

function ledger(out: string): JobRecord[] {
  return (JSON.parse(readFileSync(join(out, "shotbin-ledger.json"), "utf8")) as { jobs: JobRecord[] }).jobs;
}

async function scriptFault(rule: object): Promise<void> {
  const response = await fetch(`${fake().origin}/_control/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rule) });
  expect(response.status).toBe(200);
}

/** The fault the fake provider gave the take's job, by its provider job id. */
function faultOf(job: JobRecord): string | undefined {
  const fakeJob = [...fake().world.jobs.values()].find((candidate) => candidate.id === job.handle?.id);
  if (!fakeJob) throw new Error(`no fake job for ${job.handle?.id}`);
  return clipFaultOf(fakeJob)?.type;
}

const LIST = ["Shot,Description,Length,Model", "1,A lighthouse at dusk on a rocky point,5,kling-2.6", "2,Gulls over the harbour wall,5,kling-2.6"].join("\n");

describe("shotbin run --pick best", () => {
  it("measures every take, places the clean one, moves the spoiled ones to takes/, and a rerun buys and measures nothing", async () => {
    await writeFile(join(folder, "list.csv"), LIST);
    // Shot 1: one of its three takes flickers; shot 2: one freezes. (A new job takes every rule that
    // matches its prompt, and a shot's takes share theirs: one spoiled take per shot and kind.)
    await scriptFault({ provider: "kling", promptIncludes: "A lighthouse", fault: { type: "flickering-clip" } });
    await scriptFault({ provider: "kling", promptIncludes: "Gulls over", fault: { type: "frozen-clip" } });
    const out = join(folder, "out");
    const run = io();
    const code = await runShotList(["list.csv", "--out", out, "--takes", "3", "--pick", "best", "--fake-providers", fake().origin, "--yes"], run.io);
    expect({ code, output: run.all() }).toEqual({ code: 0, output: expect.any(String) as string });
    expect(fake().world.creates.kling).toBe(6);

    const jobs = ledger(out);
    expect(jobs.map((job) => job.state)).toEqual(Array(6).fill("ready"));
    for (const shotId of ["1", "2"]) {
      const takes = jobs.filter((job) => job.shot.shotId === shotId);
      // Every take measured, with exactly the summary the panel reads.
      for (const take of takes) {
        expect(Object.keys(take.extra!.qa as object).sort()).toEqual(["defectKinds", "measuredAt", "score", "verdict"]);
        expect(run.all()).toContain(`QA shot ${shotId} take ${take.shot.take} (kling-2.6): ${(take.extra!.qa as { verdict: string }).verdict}, score ${(take.extra!.qa as { score: number }).score}`);
      }
      const chosen = takes.filter((take) => take.extra!.pick === "chosen");
      expect(chosen).toHaveLength(1);
      expect(faultOf(chosen[0]!)).toBeUndefined();
      expect(chosen[0]!.extra!.qa).toMatchObject({ verdict: "pass", defectKinds: [] });
      expect(dirname(chosen[0]!.file!)).toBe(out);
      expect(run.all()).toContain(`Shot ${shotId}: chose take ${chosen[0]!.shot.take} (pass, score`);
      for (const other of takes.filter((take) => take !== chosen[0])) {
        expect(other.extra!.pick).toBe("other");
        expect(dirname(other.file!)).toBe(join(out, "takes"));
        expect(existsSync(other.file!)).toBe(true);
        const fault = faultOf(other);
        if (fault === "flickering-clip") expect(other.extra!.qa).toMatchObject({ verdict: "fail", defectKinds: ["flicker"] });
        if (fault === "frozen-clip") expect(other.extra!.qa).toMatchObject({ verdict: "fail", defectKinds: ["frozen-frames"] });
        if (!fault) expect((other.extra!.qa as { score: number }).score).toBeLessThanOrEqual((chosen[0]!.extra!.qa as { score: number }).score);
      }
    }
    expect(jobs.map((job) => faultOf(job)).filter(Boolean).sort()).toEqual(["flickering-clip", "frozen-clip"]);
    // The ledger's QA is what QA says of the file, measured again independently.
    const spoiled = jobs.find((job) => faultOf(job) === "flickering-clip")!;
    expect((await measureClip(spoiled.file!, { programs: programs() })).verdict).toBe("fail");

    // The exports place the chosen takes; the Resolve CSV still lists every take, where it now is.
    const names = await readdir(out);
    const otioName = names.find((name) => name.endsWith(".otio"))!;
    const otio = checkOtio(readFileSync(join(out, otioName), "utf8"));
    const chosenFiles = ["1", "2"].map((shotId) => jobs.find((job) => job.shot.shotId === shotId && job.extra!.pick === "chosen")!.file!);
    expect(otio.items.map((item) => item.file)).toEqual(chosenFiles);
    const csv = checkResolveCsv(readFileSync(join(out, names.find((name) => name.endsWith(".resolve.csv"))!), "utf8"));
    expect(csv.map((row) => row["File Name"]).sort()).toEqual(jobs.map((job) => basename(job.file!)).sort());
    expect((await readdir(join(out, "takes"))).sort()).toEqual(jobs.filter((job) => job.extra!.pick === "other").map((job) => basename(job.file!)).sort());

    // The clips carry their QA in XMP, next to the prompt, as ExifTool reads it.
    const tags = await exiftoolXmp(spoiled.file!);
    expect(tags).toMatchObject({
      "XMP-shotbin:QaVerdict": "fail",
      "XMP-shotbin:QaScore": (spoiled.extra!.qa as { score: number }).score,
      "XMP-shotbin:QaDefects": ["flicker"],
      "XMP-shotbin:Prompt": spoiled.request.prompt,
      "XMP-shotbin:Model": "kling-2.6",
    });
    expect(await exiftoolXmp(chosenFiles[0]!)).toMatchObject({ "XMP-shotbin:QaVerdict": "pass" });

    // A rerun: nothing bought, nothing measured, the same choice.
    const before = JSON.stringify(jobs.map((job) => [job.id, job.extra, job.file]));
    const again = io();
    expect(await runShotList(["list.csv", "--out", out, "--resume", "--fake-providers", fake().origin], again.io)).toBe(0);
    expect(fake().world.creates.kling).toBe(6);
    expect(again.all()).not.toContain("QA shot");
    expect(JSON.stringify(ledger(out).map((job) => [job.id, job.extra, job.file]))).toBe(before);
    expect(checkOtio(readFileSync(join(out, otioName), "utf8")).items.map((item) => item.file)).toEqual(chosenFiles);
  });

  it("starts a continuing shot on the chosen take's last frame", async () => {
    await writeFile(join(folder, "chain.csv"), ["Shot,Description,Length,Model,Continuity", "1,A lighthouse at dusk on a rocky point,5,kling-2.6,", "2,The beam sweeps across the dark sea,5,kling-2.6,previous"].join("\n"));
    // Take 1 of shot 1 (sent first: one job at a time) flickers; the continuing shot must not start
    // from it, though without --pick best it would (the first take that did not fail).
    await scriptFault({ provider: "kling", promptIncludes: "A lighthouse", fault: { type: "flickering-clip" } });
    const out = join(folder, "out");
    const run = io();
    const code = await runShotList(["chain.csv", "--out", out, "--takes", "2", "--pick", "best", "--concurrency", "kling=1", "--fake-providers", fake().origin, "--yes"], run.io);
    expect({ code, output: run.all() }).toEqual({ code: 0, output: expect.any(String) as string });
    const jobs = ledger(out);
    const chosen = jobs.find((job) => job.shot.shotId === "1" && job.extra!.pick === "chosen")!;
    expect(jobs.filter((job) => faultOf(job)).map((job) => [job.shot.shotId, job.shot.take])).toEqual([["1", 1]]);
    expect(chosen.shot.take).toBe(2);
    for (const take of jobs.filter((job) => job.shot.shotId === "2")) {
      expect(take.frameOrigin).toMatchObject({ action: "continuity", first: { jobId: chosen.id, source: basename(chosen.file!) } });
    }
    // The continuing shot was sent only after both takes of shot 1 were measured.
    const measured = Math.max(...jobs.filter((job) => job.shot.shotId === "1").map((job) => Date.parse((job.extra!.qa as { measuredAt: string }).measuredAt)));
    const sent = Math.min(...jobs.filter((job) => job.shot.shotId === "2").map((job) => Date.parse(job.history.find((entry) => entry.state === "submitting")!.at)));
    expect(sent).toBeGreaterThanOrEqual(measured);
  });

  it("keeps a take QA could not measure, says so, and ranks it last", async () => {
    await writeFile(join(folder, "one.csv"), ["Shot,Description,Length,Model", "1,Gulls over the harbour wall,5,kling-2.6"].join("\n"));
    const out = join(folder, "out");
    const run = io();
    run.io.env = { ...run.io.env, SHOTBIN_FFMPEG: join(folder, "no-such-ffmpeg") };
    const code = await runShotList(["one.csv", "--out", out, "--takes", "2", "--pick", "best", "--fake-providers", fake().origin, "--yes"], run.io);
    expect({ code, output: run.all() }).toEqual({ code: 0, output: expect.any(String) as string });
    const jobs = ledger(out);
    expect(jobs.map((job) => [job.state, job.extra!.qa, typeof (job.extra!.qaError as { message?: string }).message])).toEqual([
      ["ready", undefined, "string"],
      ["ready", undefined, "string"],
    ]);
    expect(run.all()).toMatch(/QA shot 1 take 1 \(kling-2\.6\): could not be measured \([^\n]*no-such-ffmpeg[^\n]*\); it ranks last/);
    // Nothing is lost: the first take is placed, the other kept in takes/.
    expect(jobs.map((job) => job.extra!.pick)).toEqual(["chosen", "other"]);
    expect(existsSync(jobs[1]!.file!) && dirname(jobs[1]!.file!)).toBe(join(out, "takes"));
    expect(run.all()).toContain("Shot 1: chose take 1 (not measured; no take could be measured, so the first finished one is kept); take 2 (not measured) moved to takes/");
  });
});
