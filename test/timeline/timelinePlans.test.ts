/**
 * The four timeline actions planned from a timeline snapshot and a model, and every refusal, at
 * 23.976 and 25 fps with frame-exact numbers. Expected frames are worked out here: a clip of s
 * seconds yields floor(s · 24000/1001) whole frames at 23.976 (4 s: 95, 6 s: 143, 8 s: 191) and
 * s · 25 at 25.
 */
import { estimateFromTable } from "../../src/core/pricing";
import { findModel } from "../../src/providers/catalog";
import { planAllTimelineActions, planTimelineAction } from "../../src/timeline/planTimelineAction";
import type { ActionOutcome, TimelineActionPlan } from "../../src/timeline/planTypes";
import { RATES, ticksOf, timeline, type RateLabel } from "./timelineBuilder";

const model = (provider: string, id: string) => {
  const found = findModel(provider as Parameters<typeof findModel>[0], id);
  if (!found) throw new Error(`no model ${provider}/${id}`);
  return found;
};
const VEO = model("gemini", "veo-3.1-generate-preview");
const KLING = model("kling", "kling-2.6");
const WAN_T2V = model("dashscope", "wan2.6-t2v");
const WAN_I2V = model("dashscope", "wan2.6-i2v");

const FRAMES: Record<RateLabel, Record<number, number>> = {
  "23.976": { 2: 47, 3: 71, 4: 95, 5: 119, 6: 143, 8: 191, 10: 239 },
  "25": { 2: 50, 3: 75, 4: 100, 5: 125, 6: 150, 8: 200, 10: 250 },
};

function plan(outcome: ActionOutcome): TimelineActionPlan {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome;
}

describe.each(["23.976", "25"] as const)("at %s fps", (rate) => {
  const yields = (seconds: number) => FRAMES[rate][seconds]!;

  describe("Extend", () => {
    const base = [
      { name: "A", track: 0, start: 10, end: 58, in: 5, selected: true },
      { name: "A-audio", track: 0, start: 10, end: 58, audio: true, selected: true },
    ];

    it("sends the clip's last frame (end − 1 frame) and places the result right after it on its track", () => {
      const p = plan(planTimelineAction("extend", { timeline: timeline(rate, { items: base }), model: VEO, settings: { prompt: "the fox runs on" } }));
      expect(p.frames).toEqual([
        {
          role: "first",
          at: { ticks: ticksOf(rate, 57), frame: 57 },
          clip: { name: "A", clipId: "clip-A", mediaPath: "/media/A", track: 0, startFrame: 10, endFrame: 58 },
          which: "clip-last",
          source: { frame: 52, ticks: ticksOf(rate, 52), seconds: expect.closeTo((52 * 1) / RATES[rate].fps, 9) },
        },
      ]);
      expect(p.request).toMatchObject({ durationSeconds: 8, resolution: "720p", firstFrame: true, lastFrame: false, needsPrompt: false });
      expect(p.timing).toEqual({ neededFrames: null, yieldsFrames: yields(8), surplusFrames: 0 });
      expect(p.placement).toEqual({ track: 0, preferredTrack: 0, startFrame: 58, durationFrames: yields(8) });
      expect(p.cost.usd).toBe(estimateFromTable(VEO.price, { durationSeconds: 8, resolution: "720p", audio: p.request.audio }).usd);
      expect(p.summary).toBe(`Extend "A" by 8 s (${yields(8)} frames) from frame 58 on V1`);
    });

    it("takes the editor's duration, and goes on the lowest free track above when the span after the clip is taken", () => {
      const items = [...base, { name: "B", track: 0, start: 100, end: 150 }, { name: "C", track: 1, start: 70, end: 80 }];
      const p = plan(planTimelineAction("extend", { timeline: timeline(rate, { items }), model: VEO, settings: { durationSeconds: 4 } }));
      expect(p.placement).toMatchObject({ track: 2, preferredTrack: 0, startFrame: 58, durationFrames: yields(4) });
      expect(p.placement.movedBecause).toBe(`V1 has "B" between frames 58 and ${58 + yields(4)}, so it goes on V3`);
      expect(p.request.needsPrompt).toBe(true);
      expect(p.notes).toContain("Write a prompt before generating.");
    });

    it.each([
      ["nothing is selected", { items: [{ name: "A", track: 0, start: 0, end: 10 }] }, VEO, "nothing-selected", "Select the clip to extend"],
      ["two clips are selected", { items: [{ name: "A", track: 0, start: 0, end: 10, selected: true }, { name: "B", track: 1, start: 0, end: 10, selected: true }] }, VEO, "wrong-selection", "2 are selected"],
      ["the model makes video from text only", { items: base }, WAN_T2V, "model-no-first-frame", "Wan 2.6"],
      ["a clip above covers its last frame", { items: [...base, { name: "Title", track: 1, start: 50, end: 70 }] }, VEO, "frame-covered", `V2's "Title" covers the last frame of V1's "A" (frame 57)`],
      ["it is switched off", { items: [{ name: "A", track: 0, start: 10, end: 58, disabled: true, selected: true }] }, VEO, "frame-covered", `V1's "A" is switched off`],
    ] as const)("is refused when %s", (_why, spec, m, code, text) => {
      const outcome = planTimelineAction("extend", { timeline: timeline(rate, spec), model: m });
      expect(outcome).toMatchObject({ ok: false, action: "extend", code });
      expect(outcome.ok ? "" : outcome.reason).toContain(text);
    });

    it("sends a covered frame when told to, and says so", () => {
      const p = plan(planTimelineAction("extend", { timeline: timeline(rate, { items: [...base, { name: "Title", track: 1, start: 50, end: 70 }] }), model: VEO, settings: { allowCoveredFrames: true } }));
      expect(p.frames[0]?.warning).toBe(`V2's "Title" covers the last frame of V1's "A" (frame 57); the frame sent is what the sequence shows`);
    });
  });

  describe("Bridge", () => {
    const pair = (gap: number, extra: object[] = []) =>
      timeline(rate, { items: [{ name: "A", track: 0, start: 0, end: 48, selected: true }, { name: "B", track: 0, start: 48 + gap, end: 96 + gap, in: 3, selected: true }, ...(extra as never[])] });

    it("sends A's last and B's first frame, asks the shortest duration covering the gap, and trims to the gap", () => {
      const p = plan(planTimelineAction("bridge", { timeline: pair(52), model: VEO }));
      expect(p.frames.map((f) => [f.role, f.which, f.at.frame, f.at.ticks, f.clip?.name, f.source?.frame])).toEqual([
        ["first", "clip-last", 47, ticksOf(rate, 47), "A", 47],
        ["last", "clip-first", 100, ticksOf(rate, 100), "B", 3],
      ]);
      expect(p.request).toMatchObject({ durationSeconds: 4, firstFrame: true, lastFrame: true });
      expect(p.timing).toEqual({ neededFrames: 52, yieldsFrames: yields(4), surplusFrames: yields(4) - 52 });
      expect(p.placement).toEqual({ track: 0, preferredTrack: 0, startFrame: 48, durationFrames: 52 });
      expect(p.notes).toContain(`4 s gives ${yields(4)} frames; the gap needs 52, so the last ${yields(4) - 52} frames are trimmed by the clip's out point.`);
    });

    it("steps up to the next duration when the gap is one frame longer than a shorter one yields", () => {
      const p = plan(planTimelineAction("bridge", { timeline: pair(yields(4) + 1), model: VEO }));
      expect(p.request.durationSeconds).toBe(6);
      expect(p.timing).toEqual({ neededFrames: yields(4) + 1, yieldsFrames: yields(6), surplusFrames: yields(6) - yields(4) - 1 });
      const exact = plan(planTimelineAction("bridge", { timeline: pair(yields(4)), model: VEO }));
      expect(exact.timing.surplusFrames).toBe(0);
      expect(exact.notes).toContain(`4 s gives exactly the ${yields(4)} frames the gap needs.`);
    });

    it("with no gap, moves nothing and offers the track above, from the cut", () => {
      const p = plan(planTimelineAction("bridge", { timeline: pair(0), model: VEO }));
      expect(p.placement).toMatchObject({ track: 1, preferredTrack: 0, startFrame: 48, durationFrames: yields(8) });
      expect(p.placement.movedBecause).toContain(`There is no gap between "A" and "B", and Shotbin does not move "B"`);
      expect(p.timing.neededFrames).toBeNull();
    });

    it("asks Kling for 1080p, the resolution its last frame needs", () => {
      const p = plan(planTimelineAction("bridge", { timeline: pair(52), model: KLING, settings: { resolution: "720p" } }));
      expect(p.request).toMatchObject({ resolution: "1080p", durationSeconds: 5 });
      expect(p.timing.yieldsFrames).toBe(yields(5));
    });

    it.each([
      ["one clip is selected", timeline("25", { items: [{ name: "A", track: 0, start: 0, end: 10, selected: true }] }), VEO, "wrong-selection", "1 is selected"],
      ["the clips are on two tracks", timeline("25", { items: [{ name: "A", track: 0, start: 0, end: 10, selected: true }, { name: "B", track: 1, start: 20, end: 30, selected: true }] }), VEO, "not-on-one-track", "V1 and V2"],
      ["a clip lies between them", null, VEO, "clips-between", `"C" lies between the two clips on V1`],
      ["the model takes no last frame", null, WAN_I2V, "model-no-last-frame", "takes no last frame"],
      ["the gap is longer than the longest clip", "long", VEO, "too-long", "The 300-frame gap"],
    ] as const)("is refused when %s", (_why, built, m, code, text) => {
      const t = built === null ? pair(52, [{ name: "C", track: 0, start: 60, end: 70 }]) : built === "long" ? pair(300) : built;
      const outcome = planTimelineAction("bridge", { timeline: t, model: m });
      expect(outcome).toMatchObject({ ok: false, action: "bridge", code });
      expect(outcome.ok ? "" : outcome.reason).toContain(text);
    });
  });

  describe("Fill", () => {
    it("fills the In/Out range with its exact length, text to video at the sequence's aspect", () => {
      const p = plan(planTimelineAction("fill", { timeline: timeline(rate, { items: [{ name: "A", track: 0, start: 0, end: 30 }], inOut: [30, 80] }), model: WAN_T2V, settings: { prompt: "rain" } }));
      const seconds = rate === "25" ? 2 : 3;
      expect(p.frames).toEqual([]);
      expect(p.request).toMatchObject({ durationSeconds: seconds, aspectRatio: "16:9", firstFrame: false });
      expect(p.timing).toEqual({ neededFrames: 50, yieldsFrames: yields(seconds), surplusFrames: yields(seconds) - 50 });
      expect(p.placement).toEqual({ track: 0, preferredTrack: 0, startFrame: 30, durationFrames: 50 });
    });

    it("goes above what lies under the range", () => {
      const p = plan(planTimelineAction("fill", { timeline: timeline(rate, { items: [{ name: "A", track: 0, start: 0, end: 60 }], inOut: [30, 80] }), model: WAN_T2V }));
      expect(p.placement).toMatchObject({ track: 1, preferredTrack: 0, movedBecause: "V1 is not empty over the range, so it goes on V2" });
    });

    it("fills the gap under the playhead between two clips, exactly", () => {
      const t = timeline(rate, { items: [{ name: "A", track: 0, start: 0, end: 40 }, { name: "B", track: 0, start: 97, end: 120 }], playhead: 60 });
      const p = plan(planTimelineAction("fill", { timeline: t, model: VEO }));
      expect(p.placement).toEqual({ track: 0, preferredTrack: 0, startFrame: 40, durationFrames: 57 });
      expect(p.request.durationSeconds).toBe(4);
      expect(p.summary).toBe("Fill the gap under the playhead on V1 (frames 40–97) with 57 frames on V1");
    });

    it("sends the frame just before the span when the model needs a first frame", () => {
      const t = timeline(rate, { items: [{ name: "A", track: 0, start: 0, end: 40, in: 10 }, { name: "B", track: 0, start: 97, end: 120 }], playhead: 60 });
      const p = plan(planTimelineAction("fill", { timeline: t, model: WAN_I2V }));
      expect(p.frames).toEqual([expect.objectContaining({ role: "first", which: "before-range", at: { ticks: ticksOf(rate, 39), frame: 39 }, source: expect.objectContaining({ frame: 49 }) })]);
    });

    it.each([
      ["nothing marks a span", { items: [{ name: "A", track: 0, start: 0, end: 40 }], playhead: 80 }, VEO, "no-range", "Mark In and Out"],
      ["the model needs a first frame and nothing comes before the span", { items: [], inOut: [0, 50] as [number, number] }, WAN_I2V, "model-needs-first-frame", "needs a first frame"],
      ["the span is longer than the longest clip", { items: [], inOut: [0, 400] as [number, number] }, VEO, "too-long", "The 400-frame span"],
    ] as const)("is refused when %s", (_why, spec, m, code, text) => {
      const outcome = planTimelineAction("fill", { timeline: timeline(rate, spec), model: m });
      expect(outcome).toMatchObject({ ok: false, action: "fill", code });
      expect(outcome.ok ? "" : outcome.reason).toContain(text);
    });
  });

  describe("Replace", () => {
    it("sends the clip's first frame, takes its place and length, and keeps it on the lowest free track above", () => {
      const t = timeline(rate, { items: [{ name: "Still", track: 0, start: 20, end: 56, in: 0, selected: true }, { name: "Title", track: 1, start: 50, end: 70 }] });
      const p = plan(planTimelineAction("replace", { timeline: t, model: VEO }));
      expect(p.frames.map((f) => [f.which, f.at.frame, f.source?.frame])).toEqual([["clip-first", 20, 0]]);
      expect(p.timing).toEqual({ neededFrames: 36, yieldsFrames: yields(4), surplusFrames: yields(4) - 36 });
      expect(p.placement).toEqual({
        track: 0,
        preferredTrack: 0,
        startFrame: 20,
        durationFrames: 36,
        replaces: { sequenceId: "seq-1", track: 0, startTicks: ticksOf(rate, 20), clipId: "clip-Still" },
        keepOriginalOnTrack: 2,
      });
    });

    it.each([
      ["nothing is selected", { items: [] }, VEO, "nothing-selected"],
      ["two clips are selected", { items: [{ name: "A", track: 0, start: 0, end: 9, selected: true }, { name: "B", track: 0, start: 9, end: 20, selected: true }] }, VEO, "wrong-selection"],
      ["the model makes video from text only", { items: [{ name: "A", track: 0, start: 0, end: 9, selected: true }] }, WAN_T2V, "model-no-first-frame"],
    ] as const)("is refused when %s", (_why, spec, m, code) => {
      expect(planTimelineAction("replace", { timeline: timeline(rate, spec), model: m })).toMatchObject({ ok: false, action: "replace", code });
    });
  });
});

describe("all four at once", () => {
  it("plans what fits the selection and refuses the rest, each with its reason", () => {
    const t = timeline("25", { items: [{ name: "A", track: 0, start: 0, end: 50, selected: true }], playhead: 80 });
    const all = planAllTimelineActions({ timeline: t, model: VEO });
    expect(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.ok ? "plan" : v.code]))).toEqual({ extend: "plan", bridge: "wrong-selection", fill: "no-range", replace: "plan" });
  });
});
