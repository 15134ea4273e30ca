/**
 * Colour temperature from linear Rec.709 RGB: RGB → CIE XYZ (Rec.709 primaries, D65 white) →
 * chromaticity xy → correlated colour temperature by McCamy's cubic (McCamy 1992, "Correlated
 * color temperature as an explicit function of chromaticity coordinates", as implemented in
 * colour-science's `colour.temperature.xy_to_CCT_McCamy1992`). Check values: D65 (0.3127, 0.3290)
 * → 6505 K, CIE illuminant A (0.44757, 0.40745) → 2857 K. McCamy is accurate to a few kelvin
 * between about 2 000 and 12 500 K; outside that we clamp, since only drift is judged.
 */

/** BT.1886's reference EOTF with a zero black level: display light from a nominal signal 0–1. */
export function bt1886ToLinear(signal: number): number {
  return signal <= 0 ? 0 : Math.pow(Math.min(signal, 1.09), 2.4);
}

/** Rec.709 / sRGB primaries with a D65 white, linear RGB → XYZ (Lindbloom's matrix). */
const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
] as const;

/** CIE 1931 xy of linear Rec.709 RGB; undefined for black. */
export function linearRgbToXy(r: number, g: number, b: number): { x: number; y: number } | undefined {
  const [m0, m1, m2] = RGB_TO_XYZ;
  const X = m0[0] * r + m0[1] * g + m0[2] * b;
  const Y = m1[0] * r + m1[1] * g + m1[2] * b;
  const Z = m2[0] * r + m2[1] * g + m2[2] * b;
  const sum = X + Y + Z;
  if (!(sum > 1e-9)) return undefined;
  return { x: X / sum, y: Y / sum };
}

export const CCT_MIN = 1500;
export const CCT_MAX = 25000;

/** McCamy's CCT (kelvin) of a chromaticity, clamped to 1 500–25 000 K. */
export function mccamyCct(x: number, y: number): number {
  const n = (x - 0.332) / (y - 0.1858);
  const cct = -449 * n ** 3 + 3525 * n ** 2 - 6823.3 * n + 5520.33;
  if (!Number.isFinite(cct)) return CCT_MAX;
  return Math.min(CCT_MAX, Math.max(CCT_MIN, cct));
}

/** Micro reciprocal degrees: equal steps in mired are about equally visible, unlike kelvin. */
export function kelvinToMired(kelvin: number): number {
  return 1e6 / kelvin;
}

/** CCT of linear Rec.709 RGB, or undefined for black. */
export function linearRgbToCct(r: number, g: number, b: number): number | undefined {
  const xy = linearRgbToXy(r, g, b);
  return xy ? mccamyCct(xy.x, xy.y) : undefined;
}
