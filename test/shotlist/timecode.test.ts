import Timecode from "smpte-timecode";
import { parseFrameRate, rateFromTicksPerFrame, rateLabel, shotFrames, ticksToNearestFrame, wholeFrames } from "../../src/shotlist/frameRate";
import { isDropFrameRate, timecode, timecodeFrames } from "../../src/shotlist/timecode";

const rate = (text: string) => parseFrameRate(text)!;

describe("drop-frame timecode (SMPTE 12M) at 29.97 and 59.94", () => {
  it("skips two labels at each minute but every tenth, at 29.97", () => {
    const r = rate("29.97");
    expect(timecode(1799, r)).toBe("00:00:59;29");
    expect(timecode(1800, r)).toBe("00:01:00;02"); // 00:01:00;00 and ;01 do not exist
    expect(timecode(3597, r)).toBe("00:01:59;29");
    expect(timecode(3598, r)).toBe("00:02:00;02");
    expect(timecode(17981, r)).toBe("00:09:59;29");
    expect(timecode(17982, r)).toBe("00:10:00;00"); // the tenth minute keeps its ;00
    expect(timecode(17983, r)).toBe("00:10:00;01");
    expect(timecode(19781, r)).toBe("00:10:59;29");
    expect(timecode(19782, r)).toBe("00:11:00;02");
    expect(timecode(107892, r)).toBe("01:00:00;00"); // one hour is 107892 frames, not 108000
    expect(timecodeFrames("00:01:00;02", r)).toBe(1800);
    expect(timecodeFrames("00:10:00;00", r)).toBe(17982);
    expect(timecodeFrames("01:00:00;00", r)).toBe(107892);
  });

  it("skips four labels at each minute but every tenth, at 59.94", () => {
    const r = rate("59.94");
    expect(timecode(3599, r)).toBe("00:00:59;59");
    expect(timecode(3600, r)).toBe("00:01:00;04");
    expect(timecode(35963, r)).toBe("00:09:59;59");
    expect(timecode(35964, r)).toBe("00:10:00;00");
    expect(timecode(215784, r)).toBe("01:00:00;00");
    expect(timecodeFrames("00:01:00;04", r)).toBe(3600);
  });

  it.each(["29.97", "59.94"])("agrees with smpte-timecode on every frame of the first 21 minutes at %s, both ways", (text) => {
    const r = rate(text);
    const perMinute = Math.round(parseFloat(text)) * 60;
    for (let frame = 0; frame < perMinute * 21; frame++) {
      const label = timecode(frame, r);
      const independent = Timecode(frame, parseFloat(text) as 29.97 | 59.94, true).toString();
      if (label !== independent) throw new Error(`frame ${frame}: Shotbin writes ${label}, smpte-timecode ${independent}`);
      if (timecodeFrames(label, r) !== frame) throw new Error(`${label} reads back as ${timecodeFrames(label, r)}, not ${frame}`);
    }
  });

  it("refuses labels drop-frame skips, drop-frame at rates without it, and frames past the base", () => {
    expect(() => timecodeFrames("00:01:00;00", rate("29.97"))).toThrow(/does not exist in drop-frame/);
    expect(() => timecodeFrames("00:01:00;03", rate("59.94"))).toThrow(/does not exist in drop-frame/);
    expect(timecodeFrames("00:10:00;00", rate("59.94"))).toBe(35964);
    expect(() => timecodeFrames("00:00:10;00", rate("25"))).toThrow(/only at 29.97 and 59.94/);
    expect(() => timecodeFrames("00:00:10;00", rate("23.976"))).toThrow(/only at 29.97 and 59.94/);
    expect(() => timecodeFrames("00:00:10:30", rate("29.97"))).toThrow(/not a timecode at 30/);
    expect(() => timecode(10, rate("25"), true)).toThrow(/only at 29.97 and 59.94/);
    expect(() => timecodeFrames("1:00:00:00", rate("25"))).toThrow(/not a timecode/);
  });
});

describe("non-drop-frame timecode", () => {
  it("counts at the timecode base: 24 for 23.976, 30 for 29.97 when asked for non-drop-frame", () => {
    expect(isDropFrameRate(rate("23.976"))).toBe(false);
    expect(isDropFrameRate(rate("29.97"))).toBe(true);
    expect(isDropFrameRate(rate("30"))).toBe(false);
    expect(timecode(86400, rate("23.976"))).toBe("01:00:00:00");
    expect(timecode(1800, rate("29.97"), false)).toBe("00:01:00:00");
    expect(timecode(90000, rate("25"))).toBe("01:00:00:00");
    expect(timecodeFrames("00:01:00:00", rate("29.97"))).toBe(1800); // ':' reads as non-drop-frame at any rate
    expect(timecodeFrames("01:00:00:00", rate("23.976"))).toBe(86400);
  });
});

describe("frame counts from a clip's own duration", () => {
  it("counts whole frames exactly: a 5.000 s clip is 119 frames at 23.976, 125 at 25, 149 at 29.97", () => {
    // 120 frames at 24 fps in a 12288 timescale (what ffmpeg writes): 61440 units.
    const fiveSeconds = { value: 61440, timescale: 12288 };
    expect(wholeFrames(fiveSeconds, rate("23.976"))).toBe(119);
    expect(wholeFrames(fiveSeconds, rate("25"))).toBe(125);
    expect(wholeFrames(fiveSeconds, rate("29.97"))).toBe(149);
    expect(wholeFrames(fiveSeconds, rate("24"))).toBe(120);
    // One tick short of 120 frames at 23.976 is still 119; exactly 120 frames' worth of ticks is 120.
    const tpf = 10594584000;
    expect(wholeFrames({ value: 120 * tpf - 1, timescale: 254016000000 }, rate("23.976"))).toBe(119);
    expect(wholeFrames({ value: 120 * tpf, timescale: 254016000000 }, rate("23.976"))).toBe(120);
    expect(wholeFrames({ value: 120 * tpf, timescale: 254016000000 }, rateFromTicksPerFrame(tpf))).toBe(120);
    expect(shotFrames(5, rate("23.976"))).toBe(119);
    expect(shotFrames(5, rate("29.97"))).toBe(149);
    expect(shotFrames(4.5, rate("25"))).toBe(112);
    expect(ticksToNearestFrame(12n * 254016000000n, rate("23.976"))).toBe(288);
    expect(() => wholeFrames({ value: 1.5, timescale: 1 }, rate("25"))).toThrow(RangeError);
  });

  it("names rates as editors write them", () => {
    expect(["23.976", "24", "25", "29.97", "30", "59.94", "48000/1001"].map((text) => rateLabel(rate(text)))).toEqual(["23.976", "24", "25", "29.97", "30", "59.94", "47.952"]);
  });
});
