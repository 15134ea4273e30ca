/**
 * The vocabulary of take QA, shared by the CLI's JSON, the relay, the panel and the metadata
 * written into clips. Other tools read these names: change them only with a migration.
 */

/** The nine defect kinds, in the order reports list them. */
export const DEFECT_KINDS = [
  "flicker",
  "colour-temperature-drift",
  "shadow-fluctuation",
  "highlight-clipping",
  "frozen-frames",
  "stutter",
  "hard-cut",
  "black-frames",
  "out-of-range",
] as const;

export type DefectKind = (typeof DEFECT_KINDS)[number];

export type Severity = "warn" | "fail";

export type Verdict = "pass" | "warn" | "fail";

/** One defect found in a take: where, how bad, and the limit it passed. */
export interface Defect {
  kind: DefectKind;
  severity: Severity;
  /** Seconds from the first frame's presentation time (the clip's own timeline). */
  start: number;
  /** Seconds; the end of the last affected frame (its display ends here). */
  end: number;
  /** The measured value that passed the threshold, in `unit`. */
  value: number;
  /** The threshold `value` passed: the fail limit when `severity` is fail, else the warn limit. */
  threshold: number;
  /** What `value` and `threshold` are measured in ("mired", "fraction of frame", ...). */
  unit: string;
  /** A line for people: the numbers behind the finding ("6480 K → 5210 K"). */
  detail: string;
}

/**
 * Per-kind peak statistic and its warn limit, whether or not a defect was raised: the numbers
 * behind a pass, and what the score's near-miss term reads.
 */
export type KindMeasures = Record<DefectKind, { value: number; warnAt: number; failAt: number; unit: string }>;

/** The range a file declares for its Y'CbCr samples (untagged video is taken as limited). */
export type SampleRange = "limited" | "full";

/**
 * Per-frame measurements, one array entry per decoded frame, in presentation order. Luma values
 * are 8-bit code values of the file's own range (16–235 limited, 0–255 full) measured on the
 * analysis proxy; fractions are 0–1 of the proxy's pixels.
 */
export interface FrameSeries {
  /** Presentation time of each frame, seconds from the first frame. */
  t: number[];
  /** Mean luma (Y'), code values. */
  luma: number[];
  /** 10th percentile of luma (the shadow level), code values. */
  lumaP10: number[];
  /** 90th percentile of luma (the highlight level), code values. */
  lumaP90: number[];
  /** Mean relative linear luminance, 0 (black) – 1 (nominal white), through BT.1886 (γ 2.4). */
  light: number[];
  /** Fraction of pixels at the white clip level (within 1 % of nominal white, or above). */
  clipped: number[];
  /** Fraction of pixels outside the legal range (16–235 for limited; always 0 for full). */
  outOfRange: number[];
  /** Fraction of pixels outside EBU R103's tolerance (5–246 for limited; always 0 for full). */
  outOfTolerance: number[];
  /** Fraction of pixels no brighter than 10 % of the nominal range (blackdetect's pixel limit). */
  dark: number[];
  /** Mean chroma magnitude √(Cb²+Cr²), code values (signalstats' SATAVG scale). */
  chroma: number[];
  /**
   * Correlated colour temperature of the frame's near-neutral mid-tones, kelvin; null when too
   * few pixels are near neutral. An absolute estimate: it moves with what is in the frame too.
   */
  cct: (number | null)[];
  /**
   * White-balance shift since the first frame, mired (positive: warmer). Tracked frame to frame
   * on the near-neutral pixels whose luma held still, so new content entering the frame does not
   * move it; what does is a change of the picture's colour balance. Drift is judged on this.
   */
  wbShift: number[];
  /** Mean absolute luma difference from the previous frame, code values (0 for the first frame). */
  diff: number[];
  /**
   * 1 − the correlation of this frame's luma with the previous frame's: 0 for the same picture
   * (whatever its brightness or contrast), about 1 for an unrelated one. 0 for the first frame.
   */
  change: number[];
}

export const SERIES_FIELDS: ReadonlyArray<keyof FrameSeries> = [
  "t",
  "luma",
  "lumaP10",
  "lumaP90",
  "light",
  "clipped",
  "outOfRange",
  "outOfTolerance",
  "dark",
  "chroma",
  "cct",
  "wbShift",
  "diff",
  "change",
];

/** What the clip declares, learned before measuring it (from its container, or from ffprobe). */
export interface ClipInfo {
  width: number;
  height: number;
  /** Frames per second the stream declares (average rate); 0 when unknown. */
  fps: number;
  /** Seconds, from the container (or the stream when the container says nothing). */
  duration: number;
  /** Frames the container says a decoder presents, when it says (what an edit list trims is not counted). */
  declaredFrames?: number;
  range: SampleRange;
}

/** How the measurement went: what a reader needs to trust (or doubt) the numbers. */
export interface AnalysisInfo {
  /** Declared frame rate, or frames per second of presentation time when none is declared. */
  fps: number;
  /** Frames decoded and measured. */
  frames: number;
  /** Wall-clock seconds the measurement took (probe, decode and analysis). */
  seconds: number;
  /** Seconds of video: from the first frame to the end of the last. */
  duration: number;
  width: number;
  height: number;
  /** The analysis proxy's size ("320x180"). */
  proxy: string;
  range: SampleRange;
}

/** Everything QA says about one take. */
export interface QualityReport {
  file: string;
  verdict: Verdict;
  /** 0–100; see `scoreReport` in verdict.ts for the formula. */
  score: number;
  defects: Defect[];
  measures: KindMeasures;
  series: FrameSeries;
  analysis: AnalysisInfo;
}
