/**
 * Sequence markers as a shot list: each marker with a prompt in its comment becomes a shot at its
 * position, as long as its duration or up to the next marker, named after it, in the same ShotList
 * structure a CSV gives, which the shot-list plan then prices and budgets like any list.
 */
import { systemClock } from "../../src/core/seams/clock";
import { staticKeyStore } from "../../src/core/seams/keyStore";
import { findModel } from "../../src/providers/catalog";
import { createProviderRegistry } from "../../src/providers/registry";
import { buildShotPlan } from "../../src/shotlist/shotPlan";
import { planMarkerShotList } from "../../src/timeline/markerShotList";
import { timeline, type RateLabel } from "./timelineBuilder";

const VEO = findModel("gemini", "veo-3.1-generate-preview")!;
const registry = createProviderRegistry({
  context: { fetch: async () => Promise.reject(new Error("no network in plan tests")), clock: systemClock, keys: staticKeyStore({}) },
});

const MARKERS = [
  { name: "Dawn", comments: "A fox wakes in the snow", startFrame: 0, durationFrames: 100 },
  { name: "Run", comments: "The fox runs across the field", startFrame: 100, durationFrames: 0 },
  { name: "Note to self", comments: "   ", startFrame: 130 },
  { name: "Run", comments: "It leaps over a fence", startFrame: 160, durationFrames: 0 },
  { name: "", comments: "Over a clip already there", startFrame: 120, durationFrames: 50 },
];

describe.each(["23.976", "25"] as const)("at %s fps", (rate: RateLabel) => {
  const t = () => timeline(rate, { items: [{ name: "Placed", track: 0, start: 115, end: 200 }], markers: MARKERS });
  const defaultFrames = rate === "25" ? 200 : 191;

  it("makes one shot per marker with a prompt: position, length from its duration or the next marker, name as shot name", () => {
    const { list, rows, skipped } = planMarkerShotList({ timeline: t(), model: VEO });
    expect(rows.map((r) => [r.shotId, r.startFrame, r.slotFrames, r.slotFrom, r.requestSeconds, r.surplusFrames])).toEqual([
      ["Dawn", 0, 100, "marker-duration", rate === "25" ? 4 : 6, rate === "25" ? 0 : 43],
      ["Run", 100, 20, "next-marker", 4, (rate === "25" ? 100 : 95) - 20],
      ["Run (2)", 160, defaultFrames, "default-duration", 8, 0],
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringContaining(`marker "(unnamed)" at ${rate === "25" ? "00:00:04:20" : "00:00:05:00"} already has a clip under its whole span`),
      expect.stringContaining(`marker "Note to self" at ${rate === "25" ? "00:00:05:05" : "00:00:05:10"} has no prompt in its comment`),
    ]);
    expect(list).toMatchObject({ name: "Edit markers", format: "markers", defaults: { model: VEO.id, provider: "gemini" }, ignored: [] });
    expect(list.shots.map((s) => [s.id, s.order, s.description, s.durationSeconds, s.cells.duration?.column])).toEqual([
      ["Dawn", 0, "A fox wakes in the snow", rate === "25" ? 4 : 6, "marker duration"],
      ["Run", 1, "The fox runs across the field", 4, "up to the next marker"],
      ["Run (2)", 2, "It leaps over a fence", 8, "default duration"],
    ]);
    expect(list.problems).toEqual([{ severity: "warning", path: 'marker ""', message: expect.stringContaining("already has a clip") }]);
  });

  it("goes through the shot-list plan like any list: priced, budgeted, nothing refused", () => {
    const { list } = planMarkerShotList({ timeline: t(), model: VEO, skipFilled: false, ignore: (m) => m.name === "Note to self" });
    const shotPlan = buildShotPlan(list, { check: (request) => registry.check(request), usable: ["gemini"], now: Date.parse("2026-11-20T10:00:00Z") });
    expect(shotPlan.refusal).toBeUndefined();
    expect(shotPlan.jobs.map((j) => [j.shot.shotId, j.request.model, j.request.durationSeconds])).toEqual([
      ["Dawn", VEO.id, rate === "25" ? 4 : 6],
      ["Run", VEO.id, 4],
      ["M3", VEO.id, 4],
      ["Run (2)", VEO.id, 8],
    ]);
    expect(shotPlan.total.usd).toBeGreaterThan(0);
    expect(buildShotPlan(list, { check: (request) => registry.check(request), usable: ["gemini"], budget: { runUsd: 0.01 } }).refusal).toMatch(/over the run budget/);
  });

  it("says which marker is longer than the model's longest clip", () => {
    const long = timeline(rate, { items: [], markers: [{ name: "Long", comments: "a long take", startFrame: 0, durationFrames: 600 }] });
    const { rows, skipped } = planMarkerShotList({ timeline: long, model: VEO });
    expect(rows).toEqual([]);
    expect(skipped[0]?.reason).toContain("600 frames");
    expect(skipped[0]?.reason).toContain("longest clip Veo 3.1");
  });
});
