/** Finding a sequence and reading what placement needs from it: frame rate, size, tracks, end, playhead. */
import type { FrameRate, premierepro, Project, Sequence } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import type { SequenceInfo } from "../premiereHost";
import { framesFromTicks } from "../timelineFrames";
import { premiereCall, premiereCallSync } from "./premiereCall";

const readFailure = (what: string) => ({ kind: "unexpected" as const, message: `Premiere could not read ${what}` });

/** The active sequence, or null when none is open (the types say it always exists; it does not). */
export async function activeSequence(project: Project): Promise<Sequence | null> {
  const sequence = await premiereCall("Project.getActiveSequence", readFailure("the active sequence"), () =>
    project.getActiveSequence(),
  );
  return (sequence as Sequence | null | undefined) ?? null;
}

/** `sequenceId` when given, else the active sequence. Refuses with `no-sequence` when there is neither. */
export async function targetSequence(ppro: premierepro, project: Project, sequenceId?: string): Promise<Sequence> {
  if (sequenceId === undefined) {
    const sequence = await activeSequence(project);
    if (!sequence) {
      throw new HostError(
        "no-sequence",
        "There is no active sequence. Open a sequence in the Timeline, then place the shots again.",
        "Project.getActiveSequence",
      );
    }
    return sequence;
  }
  const sequences = await premiereCall("Project.getSequences", readFailure("the project's sequences"), () =>
    project.getSequences(),
  );
  const sequence = sequences.find((s) => s.guid.toString() === sequenceId);
  if (!sequence) {
    throw new HostError(
      "no-sequence",
      "The sequence these shots were planned for is no longer in the project.",
      "Project.getSequences",
    );
  }
  return sequence;
}

export interface SequenceTiming {
  frameRate: FrameRate;
  ticksPerFrame: number;
  fps: number;
}

export async function sequenceTiming(sequence: Sequence): Promise<SequenceTiming> {
  const settings = await premiereCall("Sequence.getSettings", readFailure(`the settings of "${sequence.name}"`), () =>
    sequence.getSettings(),
  );
  // Synchronous in the types and in Adobe's samples; awaited anyway in case a version makes it async.
  const frameRate = await premiereCall("SequenceSettings.getVideoFrameRate", readFailure("the sequence frame rate"), () =>
    settings.getVideoFrameRate(),
  );
  const ticksPerFrame = frameRate.ticksPerFrame;
  if (!(ticksPerFrame > 0)) {
    throw new HostError("unexpected", `Premiere reported a frame rate of ${frameRate.value} fps with no frame length.`, "FrameRate.ticksPerFrame");
  }
  return { frameRate, ticksPerFrame, fps: frameRate.value };
}

export async function describeSequence(sequence: Sequence): Promise<SequenceInfo> {
  const timing = await sequenceTiming(sequence);
  const [frameSize, videoTrackCount, endTime, playhead] = await Promise.all([
    premiereCall("Sequence.getFrameSize", readFailure("the frame size"), () => sequence.getFrameSize()),
    premiereCall("Sequence.getVideoTrackCount", readFailure("the video tracks"), () => sequence.getVideoTrackCount()),
    premiereCall("Sequence.getEndTime", readFailure("the sequence end"), () => sequence.getEndTime()),
    premiereCall("Sequence.getPlayerPosition", readFailure("the playhead"), () => sequence.getPlayerPosition()),
  ]);
  return premiereCallSync("Sequence.guid", readFailure("the sequence"), () => ({
    id: sequence.guid.toString(),
    name: sequence.name,
    frameRate: { fps: timing.fps, ticksPerFrame: timing.ticksPerFrame },
    frameSize: { width: frameSize.width, height: frameSize.height },
    videoTrackCount,
    endFrame: framesFromTicks(endTime.ticksNumber, timing.ticksPerFrame, "ceil"),
    playheadFrame: framesFromTicks(playhead.ticksNumber, timing.ticksPerFrame, "floor"),
  }));
}
