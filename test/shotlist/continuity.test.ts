/**
 * The continuity column: `previous` (in a Continuity column under any of its aliases, a JSON
 * `continuity` or `firstFrame` key, or the First frame column) makes a shot start on the last frame
 * of the previous shot. The plan shows the dependency and records it on every take as a first frame
 * resolved before submit; misuse is reported at its row and column.
 */
import type { ProviderId } from "../../src/core/request";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { systemClock } from "../../src/core/seams/clock";
import { createProviderRegistry } from "../../src/providers/registry";
import { aliasTable, matchHeading } from "../../src/shotlist/columnAliases";
import { parseCsvShotList } from "../../src/shotlist/csvShotList";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { parseShotList } from "../../src/shotlist/parseShotList";
import { formatPlanText, summarizePlan } from "../../src/shotlist/planReport";
import { formatProblem } from "../../src/shotlist/shotListTypes";
import { buildShotPlan, type PlanContext } from "../../src/shotlist/shotPlan";

const registry = createProviderRegistry({ context: { fetch: async () => { throw new Error("no network in plan tests"); }, clock: systemClock, keys: staticKeyStore({}) } });
const context = (usable: ProviderId[]): PlanContext => ({ check: (request) => registry.check(request), usable, now: Date.parse("2026-11-20T10:00:00Z") });
const errorsOf = (plan: ReturnType<typeof buildShotPlan>) => plan.problems.filter((p) => p.severity === "error").map(formatProblem);

describe("the continuity column", () => {
  it("is found under its aliases, and 'previous' in the First frame column means the same", () => {
    for (const heading of ["Continuity", "continue", "Continues from", "FOLLOWS", "chain"]) expect(matchHeading(heading)?.field).toBe("continuity");
    expect(aliasTable().continuity).toContain("continuity");
    const csv = ["Shot,Description,Continuity,First frame", "1,Dawn over the harbour,,", "2,A gull lifts off,previous,", "3,It flies out to sea,yes,", "4,Night falls,,previous"].join("\n");
    const list = parseCsvShotList(csv, { file: "harbour.csv" });
    expect(list.problems).toEqual([]);
    expect(list.shots.map((shot) => shot.continuesFrom ?? null)).toEqual([null, "previous", "previous", "previous"]);
    expect(list.shots[3]!.firstFrame).toBeUndefined();
    const json = parseJsonShotList(JSON.stringify({ shots: [{ prompt: "a" }, { prompt: "b", continuity: true }, { prompt: "c", firstFrame: "previous" }, { prompt: "d", continue: "previous" }] }), { file: "list.json" });
    expect(json.problems).toEqual([]);
    expect(json.shots.map((shot) => shot.continuesFrom ?? null)).toEqual([null, "previous", "previous", "previous"]);
    const fountain = parseShotList(["INT. HARBOUR - DAWN", "", "[[shot: 1A; duration: 5]]", "Gulls wheel over the water.", "", "[[shot: 1B; duration: 5; continuity: previous]]", "One gull dives."].join("\n"), { file: "harbour.fountain" });
    expect(fountain.shots.map((shot) => shot.continuesFrom ?? null)).toEqual([null, "previous"]);
  });

  it("plans each continuing take with a first frame resolved before submit from the shot before, and shows the dependency", () => {
    const csv = ["Shot,Description,Continuity,Takes", "1,Dawn over the harbour,,1", "2,A gull lifts off,previous,2", "3,It flies out to sea,previous,1"].join("\n");
    const plan = buildShotPlan(parseCsvShotList(csv, { file: "harbour.csv" }), context(["simulator"]));
    expect(plan.refusal).toBeUndefined();
    const byShot = (id: string) => plan.jobs.filter((job) => job.shot.shotId === id);
    expect(byShot("1")[0]!.deferred).toBeUndefined();
    for (const job of byShot("2")) {
      expect(job.deferred).toEqual([{ field: "firstFrame", resolver: "continuity", from: { shotId: "1" } }]);
      expect(job.request.firstFrame).toBeUndefined();
      expect(job.frameOrigin).toEqual({ action: "continuity" });
    }
    expect(byShot("2")).toHaveLength(2);
    expect(byShot("3")[0]!.deferred).toEqual([{ field: "firstFrame", resolver: "continuity", from: { shotId: "2" } }]);
    expect(summarizePlan(plan).rows.map((row) => row.continuesFrom ?? null)).toEqual([null, "1", "2"]);
    const text = formatPlanText(plan);
    expect(text).toContain("[from 1] A gull lifts off");
    expect(text).toContain("Continuity: shot 2 starts on the last frame of shot 1; shot 3 starts on the last frame of shot 2. Each waits for the shot before it to be ready; if that shot fails, the shots after it are not sent.");
  });

  it("reports a first shot marked previous, an image given as well, a model that takes no first frame and an unreadable value, each at its cell", () => {
    const csv = [
      "Shot,Description,Continuity,Reference,Model",
      "1,Dawn over the harbour,previous,,",
      "2,A gull lifts off,previous,gull.png,",
      "3,It flies out to sea,previous,,wan2.6-t2v",
      "4,Night falls,maybe,,",
    ].join("\n");
    const plan = buildShotPlan(parseCsvShotList(csv, { file: "harbour.csv" }), context(["simulator", "dashscope"]));
    expect(errorsOf(plan)).toEqual(
      expect.arrayContaining([
        'harbour.csv: row 5, column "Continuity": continuity \'maybe\' is not understood. Fix: write previous to start the shot on the last frame of the shot before it, or leave it empty',
        'harbour.csv: row 2, column "Continuity": shot 1: shot 1 is the first in the list, so there is no previous shot to continue from. Fix: leave its continuity empty',
        'harbour.csv: row 3, column "Continuity": shot 2: shot 2 has both a first frame image (gull.png) and continuity with the previous shot. Fix: keep one: the image, or previous',
      ]),
    );
    const wan = errorsOf(plan).find((error) => error.includes("row 4"));
    expect(wan).toMatch(/^harbour\.csv: row 4, column "Continuity": shot 3: .*first frame.*\(continuity sends the previous shot's last frame as the first frame\)\. Fix: choose a model that takes a first frame \(image to video\), or leave the continuity empty$/);
    expect(plan.refusal).toMatch(/^the list has \d+ errors; fix them and run again$/);
  });
});
