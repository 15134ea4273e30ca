/**
 * Every limit take QA judges by, with where it comes from. Values cited from a standard or tool
 * are used as published; the rest were calibrated on the project's own generated clips (clean
 * and defective, test/support/qualityClips.ts) and say so. docs/qa.md prints this table.
 */

export interface Threshold {
  value: number;
  unit: string;
  source: string;
}

const t = (value: number, unit: string, source: string): Threshold => ({ value, unit, source });

export const THRESHOLDS = {
  // ---- frames that repeat ------------------------------------------------------------------
  /** A frame repeats its predecessor when their mean luma difference is at most this. */
  repeatDiff: t(0.255, "code values (8-bit)", "ffmpeg freezedetect's default noise, −60 dB = 0.001 of full scale"),
  /** Footage "moves" around a repeat when the neighbouring frames differ by at least this. */
  motionFloor: t(1, "code values (8-bit)", "calibrated: grain alone moves clean clips by 1–2 codes a frame"),
  /** A freeze is this many repeated frames in a row or more (fewer, and it is a stutter hitch). */
  freezeRepeats: t(3, "repeated frames", "qa.md proposal (any run ≥ 3 frames), after freezedetect/SpectraQC's noise floor"),
  /** A freeze this long fails the take (shorter ones warn). */
  freezeFailSeconds: t(0.5, "seconds", "qa.md: a 5 s take with 0.5 s frozen is a defect (vendor defaults of 2–3 s are for long-form)"),
  /** A hitch's next frame "jumps" when it changed this much more than the local motion. */
  stutterJumpRatio: t(1.3, "× local change", "calibrated: a dropped-and-repeated frame measures 1.5–1.7× on our pans"),
  /** This many hitches within one cluster (hitches less than 1 s apart) fail the take. */
  stutterFailHitches: t(3, "hitches", "ours: three skips in a second read as judder, not a glitch"),

  // ---- cuts -------------------------------------------------------------------------------
  /** A frame is a cut when its change (1 − correlation with the previous frame) reaches this… */
  cutChange: t(0.5, "1 − correlation", "calibrated: cuts measure 0.85–1.2, clean pans and dark handheld shots under 0.1 (scdet's idea, a spike over the local level, on a gain-independent measure)"),
  /** …and rises this far above the local median change. */
  cutRise: t(0.35, "1 − correlation", "calibrated with cutChange"),

  // ---- black frames -----------------------------------------------------------------------
  /** A frame is black when this share of its pixels is dark (at or below 10 % of the range). */
  blackArea: t(0.98, "fraction of frame", "ffmpeg blackdetect's pic_th 0.98 with pix_th 0.10"),

  // ---- luma flicker -----------------------------------------------------------------------
  /** Flicker: an up-and-down (or down-and-up) swing of mean luma of this relative size… */
  flickerWarn: t(0.03, "relative luma swing", "ffmpeg deflicker's relative change, 0.03 as the visible level (qa.md)"),
  flickerFail: t(0.1, "relative luma swing", "ours: a 10 % pumping needs a deflicker pass before grading"),
  /** …where each half of the swing takes at most this long (slower is a lighting change, not flicker). */
  flickerSwingSeconds: t(0.5, "seconds", "ours: modulation at 1 Hz or faster"),
  /** Flashes: opposing changes of relative luminance of at least 0.1 with the darker state under 0.8… */
  flashLuminance: t(0.1, "relative luminance", "ITU-R BT.1702 / Ofcom / WCAG 2.3.1 general flash threshold: 20 cd/m² on a 200 cd/m² display"),
  flashDarkerBelow: t(0.8, "relative luminance", "the same rule: darker state below 160 cd/m² of 200"),
  /** …more than three of them in any one second fail (photosensitive epilepsy). */
  flashesPerSecond: t(3, "flashes per second", "ITU-R BT.1702 / Ofcom: no more than three flashes in any one-second period"),

  // ---- shadow fluctuation -----------------------------------------------------------------
  /** The shadow level (10th luma percentile) swinging up and down by this share of the range while highlights hold… */
  shadowWarn: t(0.025, "fraction of nominal range (2.5 IRE)", "Netflix black-level tiers (7.5 / 10 / 15 IRE): one tier step, 7.5→10 IRE"),
  shadowFail: t(0.075, "fraction of nominal range (7.5 IRE)", "Netflix black-level tiers: FYI to fix, 7.5→15 IRE"),
  shadowSwingSeconds: t(1, "seconds", "ours: pumping, not a slow change of what is in the frame"),
  /** Highlights "hold" when the 90th percentile swings by less than this share of the shadows' swing. */
  highlightHold: t(0.5, "× shadow swing", "ours"),

  // ---- white balance ----------------------------------------------------------------------
  /** The white point's drift over a shot (smoothed over 0.5 s), peak to peak. */
  driftWarn: t(10, "mired", "calibrated: clean pans, push-ins and handheld shots stay under 4 mired; 10 mired is about 450 K at 6500 K"),
  driftFail: t(30, "mired", "ours: more than an eighth-CTO-sized correction inside one shot"),

  // ---- levels -----------------------------------------------------------------------------
  /** Highlight clipping: this share of the frame at the clip level… */
  clippedWarn: t(0.1, "fraction of frame", "calibrated: the simulator's bars hold 6 % at 100 % white by design; qa.md's 1 % flags every window"),
  clippedFail: t(0.25, "fraction of frame", "ours: a quarter of the picture with no detail"),
  /** …for at least this long. */
  clippedSeconds: t(0.25, "seconds", "ours: long enough to see"),
  /** Out of range: this share of the frame outside EBU R103's tolerance (5–246 at 8 bits, limited range). */
  outOfRangeWarn: t(0.01, "fraction of frame", "EBU R103 (−5 %…105 %) with its 1 % area allowance; QCTools reads BRNG over 0.01 as an artefact"),
  outOfRangeFail: t(0.05, "fraction of frame", "ours: levels a legaliser would visibly crush"),
} as const satisfies Record<string, Threshold>;

export type ThresholdName = keyof typeof THRESHOLDS;
