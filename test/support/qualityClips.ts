/**
 * Clips for take QA, made with ffmpeg at test time and cached in the temp folder under a key of
 * the recipes and the ffmpeg binary: clean "natural" footage (a textured landscape filmed with a
 * pan, a handheld shake in the dark, a push-in, a high-key sky) with temporal grain, and the same
 * footage with one defect each in a known time window. 320×180, 24 fps, H.264 like the takes the
 * providers deliver (limited range, BT.709).
 */
import { createHash } from "node:crypto";
import { promises as fsp } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findFfmpegProgram } from "../../src/media/ffmpegBinary";
import type { DefectKind } from "../../src/quality/qualityTypes";
import { runOk } from "../media/support/run";

export type CleanClipName = "clean-pan" | "clean-handheld-dark" | "clean-push-in" | "clean-high-key" | "clean-static-grain" | "clean-full-range";

export type DefectClipName =
  | "flicker"
  | "colour-temperature-drift"
  | "shadow-fluctuation"
  | "highlight-clipping"
  | "frozen-frames"
  | "frozen-to-end"
  | "stutter"
  | "hard-cut"
  | "black-frames"
  | "out-of-range";

export type QualityClipName = CleanClipName | DefectClipName | "scene";

/** Where each defect clip's defect is, seconds. */
export const DEFECT_WINDOWS: Record<DefectClipName, { kind: DefectKind; start: number; end: number }> = {
  flicker: { kind: "flicker", start: 2, end: 4 },
  "colour-temperature-drift": { kind: "colour-temperature-drift", start: 1.5, end: 3.5 },
  "shadow-fluctuation": { kind: "shadow-fluctuation", start: 1, end: 3 },
  "highlight-clipping": { kind: "highlight-clipping", start: 2, end: 4 },
  // Frames 48–71 show frame 47 again.
  "frozen-frames": { kind: "frozen-frames", start: 2, end: 3 },
  // The picture of 2.958 s (frame 71) is held to the end of the file at 5 s.
  "frozen-to-end": { kind: "frozen-frames", start: 3, end: 5 },
  // Frames 50, 56, 62 and 68 repeat the frame before them; the next frame jumps two frames on.
  stutter: { kind: "stutter", start: 50 / 24, end: 69 / 24 },
  "hard-cut": { kind: "hard-cut", start: 2.5, end: 2.5 },
  "black-frames": { kind: "black-frames", start: 2, end: 2.25 },
  "out-of-range": { kind: "out-of-range", start: 1, end: 3 },
};

export const CLEAN_CLIPS: CleanClipName[] = ["clean-pan", "clean-handheld-dark", "clean-push-in", "clean-high-key", "clean-static-grain", "clean-full-range"];
export const DEFECT_CLIPS = Object.keys(DEFECT_WINDOWS) as DefectClipName[];

const FPS = 24;
const ffmpegPath = () => findFfmpegProgram("ffmpeg");
const ff = (args: string[]) => runOk(ffmpegPath(), ["-v", "error", "-y", ...args]);

/** H.264 as a provider delivers it: limited range, tagged BT.709. */
const ENCODE = [
  "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
  "-color_range", "tv", "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
  "-movflags", "+faststart",
];
/** RGB → BT.709 limited-range Y'CbCr, explicitly (ffmpeg's default matrix is BT.601). */
const TO_YUV = "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p";
/** Film-like temporal grain. */
const GRAIN = "noise=alls=7:allf=t";

/**
 * A 960×540 still of a textured landscape: a cloudy sky over rough ground, from two scales of
 * smoothed random noise, coloured in RGB.
 */
const GROUND = "clip((r(X,Y)/255-0.5)*2.2+0.5,0.03,1)";
const HORIZON = "lt(Y,190+30*sin(X/80))";
const SCENE_GRAPH = [
  "nullsrc=s=240x135,geq=lum='random(1)*255':cb=128:cr=128,gblur=sigma=3,scale=960:540:flags=bicubic,format=gray[coarse]",
  "nullsrc=s=960x540,geq=lum='random(2)*255':cb=128:cr=128,gblur=sigma=1.5,format=gray[fine]",
  "[coarse][fine]blend=all_expr='A*0.88+B*0.12',normalize=blackpt=black:whitept=white:smoothing=0,format=gbrp," +
    "geq=" +
    `r='if(${HORIZON},150+75*r(X,Y)/255,230*pow(${GROUND},1.9))':` +
    `g='if(${HORIZON},165+65*g(X,Y)/255,222*pow(${GROUND},1.9))':` +
    `b='if(${HORIZON},190+45*b(X,Y)/255,185*pow(${GROUND},1.9))'`,
].join(";");

/** A 320×180 view of the scene moving as `x(t)`, `y(t)` say, `seconds` long, with grain. */
function filmed(scene: string, seconds: number, x: string, y: string, extra: string[] = []) {
  return [
    "-loop", "1", "-framerate", String(FPS), "-t", String(seconds), "-i", scene,
    "-vf", [`crop=320:180:x='${x}':y='${y}'`, TO_YUV, GRAIN, ...extra].join(","),
  ];
}

/** The base of every defect clip: a slow pan with grain, 5 s. */
const pan = (scene: string, extra: string[] = []) => filmed(scene, 5, "20+40*t", "190+8*sin(t)", extra);

/** Frames `first`–`last` show frame `replace` (freezeframes takes its picture from a second input). */
const freeze = (first: number, last: number, replace: number) =>
  `split[f${first}a][f${first}b];[f${first}a][f${first}b]freezeframes=first=${first}:last=${last}:replace=${replace}`;

/** The ffmpeg arguments (before the output file) that make a clip from the scene still. */
type Recipe = (scene: string) => string[];

const RECIPES: Record<Exclude<QualityClipName, "scene">, Recipe> = {
  "clean-pan": (scene) => [...filmed(scene, 6, "20+45*t", "180+10*sin(0.7*t)"), ...ENCODE],
  "clean-handheld-dark": (scene) =>
    [
      // Dusk: the levels pulled down by a gamma, blacks still at 16 (legal), then more grain.
      ...filmed(scene, 5, "320+9*sin(2.1*t)+5*sin(5.3*t+1)", "260+7*sin(1.7*t+2)+4*sin(4.1*t)", [
        "lutyuv=y='16+219*pow(clip((val-16)/219,0,1),1.8)'",
        "noise=alls=4:allf=t",
      ]),
      ...ENCODE,
    ],
  "clean-push-in": (scene) =>
    [
      "-loop", "1", "-framerate", String(FPS), "-t", "5", "-i", scene,
      "-vf", ["zoompan=z='1.6+0.003*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=320x180:fps=24", TO_YUV, GRAIN].join(","),
      ...ENCODE,
    ],
  "clean-high-key": (scene) =>
    [...filmed(scene, 5, "100+30*t", "40+20*t", ["eq=brightness=0.04:contrast=1.05"]), ...ENCODE],
  "clean-static-grain": (scene) => [...filmed(scene, 5, "500", "150"), ...ENCODE],
  // The pan in full range (0–255), flagged as such: its levels are read against 0–255.
  "clean-full-range": (scene) => [
    "-loop", "1", "-framerate", String(FPS), "-t", "5", "-i", scene,
    "-vf", ["crop=320:180:x='40+35*t':y='200'", "scale=out_color_matrix=bt709:out_range=pc,format=yuvj420p", GRAIN].join(","),
    ...ENCODE.map((arg) => (arg === "tv" ? "pc" : arg === "yuv420p" ? "yuvj420p" : arg)),
  ],

  flicker: (scene) => [...pan(scene, ["eq=eval=frame:brightness='if(between(t,2,4),0.035*sin(2*PI*3*(t-2)),0)'"]), ...ENCODE],
  "colour-temperature-drift": (scene) =>
    [
      ...pan(scene, [
        "format=gbrp",
        "geq=r='min(255,r(X,Y)*(1+0.14*clip((T-1.5)/2,0,1)))':g='g(X,Y)':b='b(X,Y)*(1-0.2*clip((T-1.5)/2,0,1))'",
        "format=yuv420p",
      ]),
      ...ENCODE,
    ],
  "shadow-fluctuation": (scene) =>
    [
      ...pan(scene, [
        "geq=lum='clip(lum(X,Y)+between(T,1,3)*6*sin(2*PI*2.5*(T-1))*clip((110-lum(X,Y))/60,0,1),0,255)':cb='cb(X,Y)':cr='cr(X,Y)'",
      ]),
      ...ENCODE,
    ],
  "highlight-clipping": (scene) =>
    [...pan(scene, ["lutyuv=y='clip((val-16)*1.8+16,16,235)':enable='between(t,2,4)'"]), ...ENCODE],
  "frozen-frames": (scene) => [...pan(scene, [freeze(48, 71, 47)]), ...ENCODE],
  "frozen-to-end": (scene) => [...pan(scene, ["trim=end_frame=72", "tpad=stop_mode=clone:stop=48"]), ...ENCODE],
  stutter: (scene) =>
    [
      ...pan(scene, [50, 56, 62, 68].map((n) => freeze(n, n, n - 1))),
      ...ENCODE,
    ],
  "hard-cut": (scene) => [...filmed(scene, 5, "if(lt(t,2.5),20+40*t,560+40*t)", "if(lt(t,2.5),190,300)"), ...ENCODE],
  "black-frames": (scene) => [...pan(scene, ["lutyuv=y=16:u=128:v=128:enable='between(n,48,53)'"]), ...ENCODE],
  "out-of-range": (scene) =>
    [...pan(scene, ["lutyuv=y='clip((val-16)*255/219*1.1-12,0,255)':enable='between(t,1,3)'"]), ...ENCODE],
};

const SCENE_ARGS = ["-filter_complex", SCENE_GRAPH, "-frames:v", "1"];

let cacheDir: string | undefined;

function clipDir(): string {
  if (!cacheDir) {
    // Keyed by every clip's arguments and the ffmpeg binary, so a change to either makes fresh clips.
    const recipes = Object.entries(RECIPES).map(([name, recipe]) => `${name}: ${recipe("SCENE").join(" ")}`);
    const key = createHash("sha256").update([SCENE_ARGS.join(" "), ...recipes, ffmpegPath()].join("\n")).digest("hex").slice(0, 12);
    cacheDir = path.join(os.tmpdir(), `shotbin-qa-clips-${key}`);
  }
  return cacheDir;
}

const pending = new Map<QualityClipName, Promise<string>>();

/** The path of a clip (shared and cached: never write to it). */
export function clip(name: QualityClipName): Promise<string> {
  let promise = pending.get(name);
  if (!promise) {
    promise = (async () => {
      const dir = clipDir();
      await fsp.mkdir(dir, { recursive: true });
      const ext = name === "scene" ? ".png" : ".mp4";
      const file = path.join(dir, `${name}${ext}`);
      try {
        await fsp.access(file);
        return file;
      } catch {
        // not made yet
      }
      const args = name === "scene" ? SCENE_ARGS : RECIPES[name](await clip("scene"));
      // Jest runs test files in parallel workers: build under a unique name, then rename.
      const temp = path.join(dir, `.${process.pid}-${Date.now()}-${name}${ext}`);
      await ff([...args, temp]);
      await fsp.rename(temp, file);
      return file;
    })();
    pending.set(name, promise);
  }
  return promise;
}
