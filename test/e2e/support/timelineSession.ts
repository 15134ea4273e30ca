/**
 * The From timeline section's browser tests: real footage made with ffmpeg under the harness's
 * folder, laid on a fresh sequence of the fake Premiere (23.976 or 25 fps), clips selected by
 * clicking them in the harness's project view, the fake providers (Kling 2.6) and what they were
 * sent, and reference frames drawn in Node exactly as the fake Premiere draws a sequence frame.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { frameStart, tickRate, type TickRate } from "../../../src/core/ticks";
import type { FakeJob } from "../../../src/fakes/fakeJobs";
import { requestFrames } from "../../../src/fakes/requestFrames";
import type { SnapshotSequence } from "../../../src/host/fake/fakeSnapshot";
import { runFfmpegProgram } from "../../../src/media/nodeFfmpeg";
import { renderSequenceFrame } from "../../../src/media/nodeSequenceFrames";
import { exiftoolXmp } from "../../media/support/readers";
import { chooseMediaFolder, selectModel, snapshot, typePrompt, useFakeProviders, waitFor, type PanelSession } from "./panelSession";

export const SIZE = { width: 1280, height: 720 };

/** Real footage: `seconds` of a lavfi pattern at the rate, 1280×720, BT.709 tagged, under the harness folder. */
export async function makeFootage(session: PanelSession, name: string, options: { rate: "25" | "24000/1001"; seconds: number; pattern: string }): Promise<string> {
  const folder = path.join(session.harness.folders.root, "footage");
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.mp4`);
  const run = await runFfmpegProgram("ffmpeg", [
    "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", `${options.pattern}=s=${SIZE.width}x${SIZE.height}:r=${options.rate}:d=${options.seconds}`,
    "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-c:v", "libx264", "-preset", "veryfast", "-crf", "12", "-pix_fmt", "yuv420p",
    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv", file,
  ]);
  if (run.code !== 0) throw new Error(`ffmpeg could not make ${name}: ${run.stderr}`);
  return file;
}

export interface LaidClip {
  name: string;
  file: string;
  seconds: number;
  track: number;
  startFrame: number;
  durationFrames: number;
}

export interface LaidTimeline {
  sequenceId: string;
  fps: number;
  rate: TickRate;
  /** Track item id and project clip id by clip name. */
  items: Record<string, string>;
  clips: Record<string, string>;
}

/** A new active sequence (1280×720, 3 video tracks) with the clips laid on it, as an editor drags them in. */
export async function layTimeline(page: Page, fps: 25 | 23.976, clips: LaidClip[]): Promise<LaidTimeline> {
  const laid = await page.evaluate(
    ({ fps, clips, size }) => {
      const { premiere, project } = window.shotbinHarness;
      const sequenceId = premiere.addSequence({ name: `Edit ${fps}`, fps, width: size.width, height: size.height, videoTracks: 3 });
      const items: Record<string, string> = {};
      const clipIds: Record<string, string> = {};
      for (const clip of clips) {
        clipIds[clip.name] = premiere.addClip(clip.file, clip.seconds, project.footageBinId);
        items[clip.name] = premiere.placeOnTimeline(sequenceId, { clipId: clipIds[clip.name]!, track: clip.track, startFrame: clip.startFrame, durationFrames: clip.durationFrames });
      }
      premiere.selectTimelineItems(sequenceId, []);
      return { sequenceId, items, clips: clipIds };
    },
    { fps, clips, size: SIZE },
  );
  return { ...laid, fps, rate: tickRate(fps) };
}

/** Clicks a clip in the harness's timeline (shift-click adds it), as the editor selects it in Premiere. */
export async function clickItem(page: Page, trackItemId: string, options: { shift?: boolean } = {}): Promise<void> {
  await page.click(`[data-track-item-id="${trackItemId}"]`, options.shift ? { modifiers: ["Shift"] } : {});
}

/** The fake providers with their keys, a media folder, Kling 2.6 and a prompt: ready to send. */
export async function readyToSend(session: PanelSession, prompt: string, model = "Kling 2.6 (Kling API)"): Promise<void> {
  await useFakeProviders(session.page);
  await chooseMediaFolder(session.page);
  await selectModel(session.page, model);
  await typePrompt(session.page, prompt);
}

export interface ActionOnScreen {
  ok: boolean;
  sends: string[];
  cost?: string;
  notes: string[];
  refusal?: string;
}

/** What the section shows for an action now, read in one go (so a re-render cannot split the reading). */
export async function actionOnScreen(page: Page, kind: string): Promise<ActionOnScreen | undefined> {
  return page.evaluate((kind) => {
    const row = document.querySelector(`[data-testid=timeline-action-${kind}]`);
    if (!row) return undefined;
    const texts = (id: string) => Array.from(row.querySelectorAll(`[data-testid=${id}-${kind}]`), (element) => element.textContent ?? "");
    const ok = row.getAttribute("data-ok") === "true";
    return ok ? { ok, sends: texts("timeline-sends"), cost: texts("timeline-cost")[0] ?? "", notes: texts("timeline-note") } : { ok, sends: [], notes: [], refusal: texts("timeline-refusal")[0] ?? "" };
  }, kind);
}

/** Waits until the section shows the action ready (or refused, with `ok: false`), matching `text`. */
export async function waitForAction(page: Page, kind: string, ok: boolean, text?: string | RegExp): Promise<ActionOnScreen> {
  let last: ActionOnScreen | undefined;
  return waitFor(`${kind} ${ok ? "planned" : "refused"}${text ? ` (${String(text)})` : ""}`, async () => {
    const shown = await actionOnScreen(page, kind);
    last = shown;
    if (!shown || shown.ok !== ok) return undefined;
    const words = ok ? [...shown.sends, ...shown.notes].join("\n") : (shown.refusal ?? "");
    if (text && !(typeof text === "string" ? words.includes(text) : text.test(words))) return undefined;
    return shown;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; the section shows ${JSON.stringify(last)}`);
  });
}

/** The fake provider's jobs in the order they were created. */
export function providerJobs(session: PanelSession): FakeJob[] {
  return [...session.harness.fake.world.jobs.values()].sort((a, b) => a.createdAt - b.createdAt);
}

/** The first and last frames a fake provider job received, written to files. */
export function framesReceived(session: PanelSession, job: FakeJob, dir: string): { first?: string; last?: string } {
  const frames = requestFrames(job.provider, job.input);
  const out: { first?: string; last?: string } = {};
  for (const role of ["first", "last"] as const) {
    const image = frames[role];
    if (!image) continue;
    if (!("bytes" in image)) throw new Error(`the fake received the ${role} frame as a URL, not bytes`);
    const file = path.join(dir, `received-${job.id}-${role}.png`);
    writeFileSync(file, image.bytes);
    out[role] = file;
  }
  return out;
}

/** The frame the fake Premiere draws for a media file at a source tick, drawn here in Node, into `file`. */
export async function referenceFrame(mediaPath: string, sourceTicks: bigint, file: string): Promise<string> {
  await renderSequenceFrame({ source: { mediaPath, sourceTicks: sourceTicks.toString() }, width: SIZE.width, height: SIZE.height, sequenceWidth: SIZE.width, sequenceHeight: SIZE.height, outputPath: file, format: "png" });
  return file;
}

/** The tick at which frame N of the sequence starts. */
export function tickOf(laid: LaidTimeline, frame: number): bigint {
  return frameStart(frame, laid.rate);
}

export async function sequenceOf(page: Page, sequenceId: string): Promise<SnapshotSequence> {
  return (await snapshot(page)).sequences.find((sequence) => sequence.id === sequenceId)!;
}

/** Where a clip's frames came from, as ExifTool reads Shotbin's XMP from the file. */
export async function frameOriginXmp(file: string): Promise<Record<string, unknown>> {
  const tags = await exiftoolXmp(file);
  const field = (name: string) => tags[`XMP-shotbin:${name}`];
  const out: Record<string, unknown> = {};
  for (const [key, name] of [
    ["frameAction", "FrameAction"],
    ["firstFrameSource", "FirstFrameSource"],
    ["firstFrameTime", "FirstFrameTime"],
    ["firstFrameSequenceTicks", "FirstFrameSequenceTicks"],
    ["lastFrameSource", "LastFrameSource"],
    ["lastFrameTime", "LastFrameTime"],
    ["lastFrameSequenceTicks", "LastFrameSequenceTicks"],
  ] as const) {
    if (field(name) !== undefined) out[key] = String(field(name));
  }
  return out;
}
