/**
 * The image step's columns as lists write them (CSV headings and their aliases, JSON keys and
 * defaults, Fountain options), the plan that shows and prices both steps, and every problem at its
 * row and column with what to do.
 */
import type { ProviderId } from "../../src/core/request";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { systemClock } from "../../src/core/seams/clock";
import { createImageProviderRegistry } from "../../src/providers/imageRegistry";
import { createProviderRegistry } from "../../src/providers/registry";
import { matchHeading } from "../../src/shotlist/columnAliases";
import { parseCsvShotList } from "../../src/shotlist/csvShotList";
import { parseFountainShotList } from "../../src/shotlist/fountainShotList";
import { parseJsonShotList } from "../../src/shotlist/jsonShotList";
import { formatPlanText, summarizePlan } from "../../src/shotlist/planReport";
import { formatProblem } from "../../src/shotlist/shotListTypes";
import { buildShotPlan, type PlanContext } from "../../src/shotlist/shotPlan";

const context = { fetch: async () => { throw new Error("no network in plan tests"); }, clock: systemClock, keys: staticKeyStore({}) };
const registry = createProviderRegistry({ context });
const images = createImageProviderRegistry({ context });
const plan = (list: ReturnType<typeof parseCsvShotList>, usable: ProviderId[], imageUsable: ProviderId[] = usable, extra: Partial<PlanContext> = {}) =>
  buildShotPlan(list, { check: (request) => registry.check(request), usable, checkImage: (request) => images.check(request), imageUsable, now: Date.parse("2026-11-20T10:00:00Z"), ...extra });
const errorsOf = (made: ReturnType<typeof buildShotPlan>) => made.problems.filter((p) => p.severity === "error").map(formatProblem);

describe("the image step's columns", () => {
  it("match their names and aliases, in CSV, JSON and Fountain", () => {
    for (const [heading, field] of [
      ["Image model", "imageModel"],
      ["Still model", "imageModel"],
      ["IMAGE_MODEL", "imageModel"],
      ["Image prompt", "imagePrompt"],
      ["Frame prompt", "imagePrompt"],
      ["Edit prompt", "editPrompt"],
      ["Refine", "editPrompt"],
      ["Edit model", "editModel"],
    ] as const) {
      expect(matchHeading(heading)?.field).toBe(field);
    }
    const csv = parseCsvShotList('Shot,Description,Image model,Still prompt,Refine,Edit model\n1A,A pier,fal-ai/flux-2-pro,"A pier, wide",add fog,prunaai/p-image-edit', { file: "pier.csv" });
    expect(csv.shots[0]).toMatchObject({ imageModel: "fal-ai/flux-2-pro", imagePrompt: "A pier, wide", editPrompt: "add fog", editModel: "prunaai/p-image-edit" });
    const json = parseJsonShotList(JSON.stringify({ defaults: { imageModel: "Flux 2 Pro" }, shots: [{ shot: "1", prompt: "A pier", imagePrompt: "A pier at dusk", editPrompt: "add fog" }] }));
    expect(json.problems).toEqual([]);
    expect(json.defaults.imageModel).toBe("Flux 2 Pro");
    expect(json.shots[0]).toMatchObject({ imagePrompt: "A pier at dusk", editPrompt: "add fog" });
    const badJson = parseJsonShotList(JSON.stringify([{ shot: "1", prompt: "A pier", imagePrompt: 42 }]), { file: "pier.json" });
    expect(badJson.problems.map(formatProblem)).toEqual([expect.stringMatching(/"imagePrompt" must be text in quotes, not the number 42/)]);
    const fountain = parseFountainShotList("EXT. PIER - DAWN\n\n[[shot: 1; image model: shotbin-sim-image; edit prompt: add fog]]\nFog rolls in.\n", { file: "pier.fountain" });
    expect(fountain.shots[0]).toMatchObject({ imageModel: "shotbin-sim-image", editPrompt: "add fog" });
  });
});

describe("the plan of a list with image steps", () => {
  it("prices the still, the edit and the takes, and the budget covers both steps", () => {
    const list = parseCsvShotList(
      ["Shot,Description,Duration,Model,Image model,Edit prompt,Takes", "1,Fog over the harbour,5,kling-2.6,fal-ai/flux-2-pro,,2", "2,A boat leaves,5,kling-2.6,black-forest-labs/flux-2-pro,add gulls,1", "3,No still here,5,kling-2.6,,,1"].join("\n"),
      { file: "harbour.csv" },
    );
    const made = plan(list, ["simulator", "kling", "fal", "replicate"]);
    expect(errorsOf(made)).toEqual([]);
    // Flux 2 Pro: $0.03 a still; its edit adds $0.015 for the input image.
    expect(made.imageJobs.map((job) => [job.shot.shotId, job.request.model, job.estimate.usd])).toEqual([
      ["1", "fal-ai/flux-2-pro", 0.03],
      ["2", "black-forest-labs/flux-2-pro", 0.03],
      ["2", "black-forest-labs/flux-2-pro", 0.045],
    ]);
    // Shot 1's two takes animate the same still; shot 3 has none.
    const [one, two] = made.shots;
    expect(one!.takes.map((take) => take.job.extra?.imageStep)).toEqual([{ jobId: made.imageJobs[0]!.id }, { jobId: made.imageJobs[0]!.id }]);
    expect(two!.takes[0]!.job.extra?.imageStep).toEqual({ jobId: made.imageJobs[2]!.id });
    expect(made.shots[2]!.takes[0]!.job.extra?.imageStep).toBeUndefined();
    // The take is priced as image to video; its stored first frame has no file until the still exists.
    expect(one!.takes[0]!.job.request.firstFrame).toEqual({ mediaType: "image/png", name: "1 still (image step)" });
    const videos = made.jobs.reduce((sum, job) => sum + job.estimate.usd, 0);
    expect(made.total.usd).toBeCloseTo(videos + 0.105, 6);
    expect(one!.costUsd).toBeCloseTo(one!.takes.reduce((sum, take) => sum + take.estimate.usd, 0) + 0.03, 6);
    const summary = summarizePlan(made);
    expect(summary).toMatchObject({ imageJobs: 3, imageUsd: 0.105 });
    expect(summary.rows[1]!.image).toEqual({ label: "Flux 2 Pro (Replicate)", prompt: "A boat leaves.", editPrompt: "add gulls", costUsd: 0.075 });
    expect(formatPlanText(made)).toMatch(/Image steps \(a still first, animated as every take's first frame\):\n {2}1: Flux 2 Pro \(fal\), \$0\.03: "Fog over the harbour\."/);
    // A budget that covers the takes but not the stills is refused.
    expect(plan(list, ["simulator", "kling", "fal", "replicate"], undefined, { budget: { runUsd: videos } }).refusal).toMatch(/over the run budget/);
  });

  it("says at its row and column what is wrong with an image step", () => {
    const list = parseCsvShotList(
      [
        "Shot,Description,Duration,Model,Image model,Edit prompt,Edit model,First frame,Aspect",
        "1,A pier,5,kling-2.6,midjourney-7,,,,",
        "2,A pier,5,kling-2.6,prunaai/p-image-edit,,,,",
        "3,A pier,5,kling-2.6,gpt-image-1.5,,,,16:9",
        "4,A pier,5,kling-2.6,fal-ai/flux-2-pro,,,pier.png,",
        "5,A pier,5,kling-2.6,fal-ai/flux-2-pro,add fog,midjourney-7,,",
        "6,A pier,5,kling-2.6,bytedance/seedream-4.5,,,,",
        "7,A pier,5,wan2.6-t2v,fal-ai/flux-2-pro,,,,",
        "8,A pier,5,kling-2.6,fal-ai/flux-2-pro,,,,",
      ].join("\n"),
      { file: "pier.csv" },
    );
    const made = plan(list, ["simulator", "kling", "fal", "dashscope", "openai"], ["simulator", "fal", "openai", "gemini"], { resolveImage: () => ({ path: "/lists/pier.png", mediaType: "image/png" }) });
    expect(errorsOf(made)).toEqual([
      "pier.csv: row 2, column \"Image model\": shot 1: image model 'midjourney-7' is not one Shotbin knows. Fix: use one `shotbin image --help` lists, such as fal-ai/flux-2-pro, gpt-image-1.5 or shotbin-sim-image",
      "pier.csv: row 3, column \"Image model\": shot 2: no Replicate key is set for prunaai/p-image-edit. Fix: add the key, or rehearse on the simulator with --provider simulator",
      "pier.csv: row 4, column \"Aspect\": shot 3: image step: aspect ratio 16:9 is not available on gpt-image-1.5; it makes 1024x1024 (1:1), 1536x1024 (3:2), 1024x1536 (2:3). Fix: use one of 1:1, 3:2, 2:3, or another image model",
      "pier.csv: row 5, column \"First frame\": shot 4: shot 4 has a first-frame image and an image step. Fix: keep the first frame, or the image step's columns (image model, image prompt, edit prompt), not both",
      "pier.csv: row 6, column \"Edit model\": shot 5: edit model 'midjourney-7' is not one Shotbin knows. Fix: give an Edit model that edits, such as prunaai/p-image-edit or fal-ai/flux-2-pro",
      "pier.csv: row 7, column \"Image model\": shot 6: no Replicate key is set for bytedance/seedream-4.5. Fix: add the key, or rehearse on the simulator with --provider simulator",
      "pier.csv: row 8, column \"Image model\": shot 7: the video model wan2.6-t2v takes no first frame, so the image step's still cannot be animated. Fix: choose a video model that takes a first frame (image to video), or remove the image step",
    ]);
    expect(made.refusal).toBe("the list has 7 errors; fix them and run again");
    // Only the good shot's still is planned.
    expect(made.imageJobs.map((job) => job.shot.shotId)).toEqual(["8"]);
    // An edit-only model as the image model, with its key, says why it cannot make the still.
    const editOnly = plan(parseCsvShotList("Shot,Description,Model,Image model\n1,A pier,kling-2.6,prunaai/p-image-edit", { file: "pier.csv" }), ["kling"], ["replicate"]);
    expect(errorsOf(editOnly)).toEqual(["pier.csv: row 2, column \"Image model\": shot 1: prunaai/p-image-edit only edits images, so it cannot make the still. Fix: give a model that generates in the Image model column, and this one in Edit model"]);
  });

  it("refuses an image step and continuity on the same shot, at the continuity cell", () => {
    const list = parseCsvShotList(["Shot,Description,Model,Image model,Continuity", "1,Fog over the harbour,kling-2.6,,", "2,A boat leaves,kling-2.6,fal-ai/flux-2-pro,previous"].join("\n"), { file: "pier.csv" });
    const planned = plan(list, ["simulator", "kling", "fal"]);
    expect(planned.problems.filter((p) => p.severity === "error").map(formatProblem)).toEqual([
      'pier.csv: row 3, column "Continuity": shot 2: shot 2 has both an image step (its still would be the first frame) and continuity with the previous shot. Fix: keep one: clear the image model for this shot, or its continuity',
    ]);
    expect(planned.refusal).toBeDefined();
  });

  it("rehearses the stills on the simulator when no key is set, as it does the takes", () => {
    const list = parseCsvShotList("Shot,Description,Duration,Model,Image model\n1,A pier,5,kling-2.6,fal-ai/flux-2-pro", { file: "pier.csv" });
    const made = plan(list, ["simulator"]);
    expect(errorsOf(made)).toEqual([]);
    expect(made.imageJobs.map((job) => job.request.model)).toEqual(["shotbin-sim-image"]);
    expect(made.shots[0]!.imageStep).toMatchObject({ rehearsalOf: "fal-ai/flux-2-pro" });
    expect(made.problems.map(formatProblem).join("\n")).toMatch(/no key is set for the image model fal-ai\/flux-2-pro, so its stills are rehearsed on the simulator/);
  });
});
