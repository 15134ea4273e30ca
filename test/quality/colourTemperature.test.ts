import { bt1886ToLinear, kelvinToMired, linearRgbToCct, linearRgbToXy, mccamyCct } from "../../src/quality/colourTemperature";

describe("McCamy's CCT", () => {
  it("gives colour-science's check values: D65 → 6505 K, illuminant A → 2857 K", () => {
    expect(mccamyCct(0.3127, 0.329)).toBeCloseTo(6505, -1);
    expect(Math.abs(mccamyCct(0.3127, 0.329) - 6504.4)).toBeLessThan(1.5);
    expect(Math.abs(mccamyCct(0.44757, 0.40745) - 2857)).toBeLessThan(1.5);
  });

  it("reads Rec.709's equal RGB as D65", () => {
    const xy = linearRgbToXy(1, 1, 1)!;
    expect(xy.x).toBeCloseTo(0.3127, 4);
    expect(xy.y).toBeCloseTo(0.329, 4);
    expect(Math.abs(linearRgbToCct(0.5, 0.5, 0.5)! - 6504)).toBeLessThan(2);
  });

  it("goes warmer with more red and cooler with more blue", () => {
    expect(linearRgbToCct(1.2, 1, 0.8)!).toBeLessThan(5500);
    expect(linearRgbToCct(0.85, 1, 1.2)!).toBeGreaterThan(8000);
    expect(linearRgbToCct(0, 0, 0)).toBeUndefined();
  });

  it("measures drift in mired, where equal steps look about equal", () => {
    expect(kelvinToMired(6500)).toBeCloseTo(153.85, 2);
    expect(kelvinToMired(5000) - kelvinToMired(6500)).toBeCloseTo(46.15, 2);
  });

  it("linearises with BT.1886's γ 2.4", () => {
    expect(bt1886ToLinear(0)).toBe(0);
    expect(bt1886ToLinear(1)).toBe(1);
    expect(bt1886ToLinear(0.5)).toBeCloseTo(Math.pow(0.5, 2.4), 10);
    expect(bt1886ToLinear(-0.1)).toBe(0);
  });
});
