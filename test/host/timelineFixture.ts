/**
 * A fake Premiere over real media files (luma ramps, frame N at luma 16 + N) with the Node frame
 * renderer, a PremiereHost over it that sees the real disk, and helpers to lay clips on the
 * timeline and to tell which ramp frame an exported image shows.
 */
import { existsSync, rmSync } from "node:fs";
import { promises as fsp } from "node:fs";
import { createFakePremiere, type FakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";
import { createPremiereHost, type PremiereHostOptions } from "../../src/host/premiere/createPremiereHost";
import type { ClipRef, PremiereHost } from "../../src/host/premiereHost";
import { nodeSequenceFrameRenderer } from "../../src/media/nodeSequenceFrames";
import { greyPixels, makeRamp, tempDir } from "../support/mediaMaker";
import { manualClock, type ManualClock } from "./hostFixture";

export interface TimelineFixture {
  fake: FakePremiere;
  media: InMemoryMediaStore;
  host: PremiereHost;
  clock: ManualClock;
  dir: string;
  sequenceId: string;
  /** Ramp clips imported into the project, by name. */
  clips: Record<string, ClipRef>;
  remove(): void;
}

export interface RampSpec {
  name: string;
  rate: string;
  seconds: number;
}

/** Real ramp files, made once per test file and shared by its fixtures. */
export async function makeRamps(dir: string, specs: RampSpec[]): Promise<Record<string, { path: string; seconds: number }>> {
  const files: Record<string, { path: string; seconds: number }> = {};
  for (const spec of specs) files[spec.name] = { path: await makeRamp(dir, spec.name, { rate: spec.rate, seconds: spec.seconds, width: 64, height: 36 }), seconds: spec.seconds };
  return files;
}

export async function timelineFixture(
  fps: number,
  ramps: Record<string, { path: string; seconds: number }>,
  options: Partial<PremiereHostOptions> & { videoTracks?: number } = {},
): Promise<TimelineFixture> {
  const dir = tempDir("timeline");
  const media = new InMemoryMediaStore();
  for (const ramp of Object.values(ramps)) media.add(ramp.path, { durationSeconds: ramp.seconds });
  const fake = createFakePremiere({ media, frames: nodeSequenceFrameRenderer });
  const clock = manualClock();
  const host = createPremiereHost(fake.ppro, { fileExists: async (path) => existsSync(path), clock, discoveryTimeoutMs: 1000, ...options });
  fake.openProject({ name: "Timeline" });
  const sequenceId = fake.addSequence({ name: "Edit", fps, width: 64, height: 36, videoTracks: options.videoTracks ?? 3 });
  const bin = await host.ensureBin(["Footage"]);
  const names = Object.keys(ramps);
  const outcomes = await host.importClips(names.map((name) => ramps[name]!.path), bin);
  const clips: Record<string, ClipRef> = {};
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) throw new Error(outcome.error.message);
    clips[names[i]!] = outcome.clip;
  });
  return { fake, media, host, clock, dir, sequenceId, clips, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Which ramp frame an image shows: its mean grey, mapped back from full range to luma 16 + N. */
export async function rampFrameOf(image: string): Promise<number> {
  const pixels = await greyPixels(image);
  let sum = 0;
  for (const value of pixels) sum += value;
  return Math.round(((sum / pixels.length) * 219) / 255);
}

export async function fileSize(path: string): Promise<number> {
  return (await fsp.stat(path)).size;
}
