import { median, mergeRuns, movingMedian, opposingPairs, runsWhere, swingsOf, turningPoints } from "../../src/quality/seriesMath";

it("takes medians, plain and moving, skipping nulls", () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 2, 3])).toBe(2.5);
  expect(Number.isNaN(median([]))).toBe(true);
  expect(movingMedian([1, 9, 2, null, 3], 1)).toEqual([5, 2, 5.5, 2.5, 3]);
});

it("finds and merges runs", () => {
  const runs = runsWhere(10, (i) => [1, 2, 5, 9].includes(i));
  expect(runs).toEqual([{ start: 1, end: 2 }, { start: 5, end: 5 }, { start: 9, end: 9 }]);
  expect(mergeRuns(runs, 2, (a, b) => ({ start: a.start, end: b.end }))).toEqual([{ start: 1, end: 5 }, { start: 9, end: 9 }]);
});

it("finds turning points with hysteresis, ignoring wiggles smaller than it", () => {
  const values = [0, 0.1, 0, 1, 0.95, 1.2, 0.2, 0.3, 0.1, 0.9];
  expect(turningPoints(values, 0.5)).toEqual([0, 5, 8, 9]);
  expect(turningPoints([1, 1.1, 1.05], 0.5)).toEqual([]);
});

it("times a swing by where it moved, not by its flat run-up", () => {
  const values = [0, 0, 0, 0, 0, 0, 1, 0, 0];
  const swings = swingsOf(values, turningPoints(values, 0.5));
  expect(swings.map((s) => [s.from, s.to, s.start, s.end, s.change])).toEqual([
    [0, 6, 5, 6, 1],
    [6, 7, 6, 7, -1],
  ]);
  const t = values.map((_, i) => i / 24);
  expect(opposingPairs(swings, t, 0.1).map((p) => p.size)).toEqual([1]);
  // A slow rise (6 frames, 0.25 s) is not quick enough for 0.1 s.
  const slow = [0, 0.2, 0.4, 0.6, 0.8, 1, 0];
  expect(opposingPairs(swingsOf(slow, turningPoints(slow, 0.5)), t, 0.1)).toEqual([]);
});
