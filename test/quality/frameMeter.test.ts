/**
 * The per-frame measurements on frames built by hand, where every right answer is known.
 */
import { FrameMeter } from "../../src/quality/frameMeter";
import type { SampleRange } from "../../src/quality/qualityTypes";
import { wobble } from "./support/syntheticSeries";

const W = 64;
const H = 36;

/** A 4:2:0 frame: luma from `y(x, y)`, chroma from `uv(x, y)` (chroma-sample coordinates). */
function frame(y: (x: number, y: number) => number, uv: (x: number, y: number) => [number, number] = () => [128, 128]): Uint8Array {
  const out = new Uint8Array(W * H * 1.5);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) out[j * W + i] = Math.max(0, Math.min(255, Math.round(y(i, j))));
  const cw = W / 2;
  const ch = H / 2;
  for (let j = 0; j < ch; j++)
    for (let i = 0; i < cw; i++) {
      const [u, v] = uv(i, j);
      out[W * H + j * cw + i] = Math.round(u);
      out[W * H + cw * ch + j * cw + i] = Math.round(v);
    }
  return out;
}

/** A textured picture that can be moved sideways by `shift` pixels. */
const texture = (shift = 0) => (x: number, y: number) => 110 + 50 * Math.sin((x - shift) / 3.1) * Math.cos(y / 4.3) + 15 * wobble((x - shift) * 97 + y);

/** Cb, Cr of a grey lit by gains on R and B (von Kries), at nominal luma `yn`, limited range. */
function tinted(rGain: number, bGain: number, yn = 0.5): [number, number] {
  // Display light → R'G'B' (γ 2.4) → BT.709 Cb/Cr.
  const lin = Math.pow(yn, 2.4);
  const r = Math.pow(lin * rGain, 1 / 2.4);
  const g = Math.pow(lin, 1 / 2.4);
  const b = Math.pow(lin * bGain, 1 / 2.4);
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return [128 + 224 * ((b - y) / 1.8556), 128 + 224 * ((r - y) / 1.5748)];
}

function meter(range: SampleRange = "limited") {
  return new FrameMeter(W, H, range);
}

it("measures a flat grey frame", () => {
  const stats = meter().measure(frame(() => 126));
  expect(stats).toMatchObject({ luma: 126, lumaP10: 126, lumaP90: 126, clipped: 0, outOfRange: 0, outOfTolerance: 0, dark: 0, chroma: 0, diff: 0, change: 0, wbShift: 0 });
  expect(stats.light).toBeCloseTo(Math.pow(110 / 219, 2.4), 3);
  expect(Math.abs(stats.cct! - 6504)).toBeLessThan(15);
});

it("reads percentiles, clipped, dark and out-of-range shares of the picture", () => {
  // Columns 0–6 at 2 (below R103's 5), 7–19 at 30 (dark), 20–51 at 120, 52–63 at 240 (clipped, over 235, under 246).
  const stats = meter().measure(frame((x) => (x < 6.4 ? 2 : x < 19.2 ? 30 : x < 51.2 ? 120 : 240)));
  const share = (columns: number) => columns / W;
  expect(stats.lumaP10).toBe(2);
  expect(stats.lumaP90).toBe(240);
  expect(stats.outOfTolerance).toBeCloseTo(share(7), 4);
  expect(stats.outOfRange).toBeCloseTo(share(7) + share(12), 4);
  expect(stats.clipped).toBeCloseTo(share(12), 4);
  expect(stats.dark).toBeCloseTo(share(7) + share(13), 4);
});

it("reads the same codes against 0–255 for a full-range file", () => {
  const stats = meter("full").measure(frame((x) => (x < 32 ? 2 : 253)));
  expect(stats.outOfRange).toBe(0);
  expect(stats.outOfTolerance).toBe(0);
  expect(stats.clipped).toBeCloseTo(0.5, 4); // 253 is within 1 % of 255
  expect(stats.dark).toBeCloseTo(0.5, 4);
});

it("tells a brightness change (same picture) from a new picture", () => {
  const m = meter();
  m.measure(frame(texture()));
  const brighter = m.measure(frame((x, y) => texture()(x, y) + 12));
  expect(brighter.diff).toBeCloseTo(12, 0);
  expect(brighter.change).toBeLessThan(0.01);
  const other = m.measure(frame((x, y) => 110 + 60 * wobble(x * 31 + y * 7, 9)));
  expect(other.change).toBeGreaterThan(0.8);
  const same = m.measure(frame((x, y) => 110 + 60 * wobble(x * 31 + y * 7, 9)));
  expect(same.diff).toBe(0);
  expect(same.change).toBe(0);
});

it("measures the colour temperature of near-neutral pixels", () => {
  const warm = meter().measure(frame(() => 126, () => tinted(1.25, 0.75)));
  const cool = meter().measure(frame(() => 126, () => tinted(0.8, 1.25)));
  expect(warm.cct!).toBeLessThan(5000);
  expect(cool.cct!).toBeGreaterThan(8000);
  // Saturated colour is not neutral: no colour temperature.
  expect(meter().measure(frame(() => 126, () => [60, 200])).cct).toBeNull();
});

it("tracks a white-balance drift through a pan, and none without one", () => {
  const pan = meter();
  const drifting = meter();
  const steps = 24;
  const gains = (i: number): [number, number] => [1 + (0.2 * i) / steps, 1 - (0.2 * i) / steps];
  let still = 0;
  let drift = 0;
  for (let i = 0; i <= steps; i++) {
    // The picture moves 1 px a frame; its neutral parts stay neutral, or warm up by the gains.
    still = pan.measure(frame(texture(i), () => tinted(1, 1))).wbShift;
    drift = drifting.measure(frame(texture(i), () => tinted(...gains(i)))).wbShift;
  }
  expect(Math.abs(still)).toBeLessThan(1);
  // Gains 1.2 / 0.8 move D65 to about 5000 K: about 45 mired.
  expect(drift).toBeGreaterThan(35);
  expect(drift).toBeLessThan(60);
});

it("refuses frames of the wrong size", () => {
  expect(() => meter().measure(new Uint8Array(10))).toThrow(/needs 3456 bytes/);
  expect(() => new FrameMeter(63, 36, "limited")).toThrow(/even/);
});

it("holds the white balance still when too little of the picture is near neutral to judge it", () => {
  const m = meter();
  let shift = 0;
  for (let i = 0; i < 48; i++) {
    // Saturated colour everywhere but a small grey patch (under a tenth of the picture) that warms up.
    shift = m.measure(frame(texture(i), (x, y) => (x < 5 && y < 5 ? tinted(1 + i / 100, 1 - i / 100) : [70, 190]))).wbShift;
  }
  expect(shift).toBe(0);
});
