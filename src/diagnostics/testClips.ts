/**
 * The two clips the self-check imports: an MP4 and a MOV carrying Shotbin metadata embedded by
 * the media pipeline (`npx tsx scripts/make-diagnostics-clips.ts`). The checks compare what
 * Premiere reads from them with `SELF_CHECK_METADATA`, so the prompt holds what is easy to lose:
 * a newline and the characters XML escapes.
 */
import type { GenerationMetadata } from "../media/generationMetadata";

export const SELF_CHECK_PROMPT = 'Shotbin self-check clip: a lighthouse at dusk.\nSecond line <&> "quoted" and \'apostrophes\' stay as written.';

export const SELF_CHECK_METADATA: GenerationMetadata = {
  provider: "simulator",
  model: "shotbin-self-check",
  prompt: SELF_CHECK_PROMPT,
  seed: 424242,
  duration: 3,
  aspectRatio: "16:9",
  resolution: "180p",
  jobId: "self-check-job-0001",
  // A date no encoder would write, so a creation date Premiere shows is either ours or not.
  generatedAt: "2024-02-29T12:34:56Z",
  shotId: "SC-1",
  shotName: "Self-check",
  take: 1,
};

/** File names in assets/diagnostics (and in the plugin's assets/diagnostics after the build). */
export const SELF_CHECK_CLIP_FILES = { mp4: "self-check.mp4", mov: "self-check.mov" } as const;

export type TestClipFormat = keyof typeof SELF_CHECK_CLIP_FILES;

/** Where the built plugin has them, for UXP's `fs` (`plugin:` is the plugin's read-only folder). */
export const PLUGIN_SELF_CHECK_CLIPS: Record<TestClipFormat, string> = {
  mp4: `plugin:/assets/diagnostics/${SELF_CHECK_CLIP_FILES.mp4}`,
  mov: `plugin:/assets/diagnostics/${SELF_CHECK_CLIP_FILES.mov}`,
};

/** Length of both clips, in seconds. */
export const SELF_CHECK_CLIP_SECONDS = 3;
