/**
 * What the timeline actions (Extend, Bridge, Fill, Replace, Preview) rely on, each through the
 * official call and Shotbin's reading of it: the Timeline selection, the sequence's In/Out marks,
 * a frame exported to a file, the Source Monitor, label colours, and the copy-and-switch-off that
 * Replace uses to keep the original. All on the scratch sequence and clips.
 */
import type { TrackItemSelection, VideoClipTrackItem } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import { commitInLock } from "../../host/premiere/lockedTransaction";
import { frameStart, parseTicks, tickRateFromTicksPerFrame } from "../../core/ticks";
import { uxpFileSystem } from "../../media/uxpFileSystem";
import { scratchFileName, scratchPath } from "../scratchFiles";
import { need, requireClip, requireProject, requireSequence, type SelfCheckContext } from "../selfCheckContext";
import { fail, pass, plural, type SelfCheckDefinition } from "./checkDefinition";

async function v1Items(ctx: SelfCheckContext, track = 0): Promise<VideoClipTrackItem[]> {
  const seq = requireSequence(ctx);
  return (await seq.sequence.getVideoTrack(track)).getTrackItems(ctx.ppro.Constants.TrackItemType.CLIP, false);
}

async function newSelection(ctx: SelfCheckContext): Promise<TrackItemSelection | undefined> {
  let made: TrackItemSelection | undefined;
  ctx.ppro.TrackItemSelection.createEmptySelection((selection) => {
    made = selection;
  });
  const deadline = ctx.deps.clock.now() + ctx.options.waitMs;
  while (!made && ctx.deps.clock.now() < deadline) await ctx.deps.clock.sleep(50);
  return made;
}

export const timelineSelectionCheck: SelfCheckDefinition = {
  id: "timeline-selection",
  expected: "after setSelection of the two clips on V1, getSelection lists both, as video items, at frames 37–66 and 66–83 to the tick",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const items = await v1Items(ctx);
    need(items.length >= 2 ? items : null, "V1 of the scratch sequence does not hold the two placed clips (see overwrite-edit).");
    const selection = need(await newSelection(ctx), "TrackItemSelection.createEmptySelection never handed over a selection.");
    for (const item of items) selection.addItem(item);
    await Promise.resolve(seq.sequence.setSelection(selection) as unknown);
    const state = await ctx.deps.host.readTimeline({ sequenceId: seq.id });
    const seen = state.selection.map((i) => `${i.mediaType} V${i.track + 1} ${i.startFrame}–${i.endFrame}`);
    const details = { selected: state.selection.length, video: state.selection.filter((i) => i.mediaType === "video").length, offGrid: state.selection.filter((i) => i.offGrid).length };
    const observed = `getSelection lists ${plural(state.selection.length, "item")}: ${seen.join(", ") || "none"}.`;
    const wanted = ["video V1 37–66", "video V1 66–83"];
    if (wanted.every((w) => seen.includes(w)) && details.offGrid === 0) return pass(observed, { details });
    return fail(observed, {
      fallback: "Extend, Bridge and Replace read the selection; when it is wrong they are refused or plan on the wrong clip, and the plan names the clips and frames before anything is sent, so the editor can see it. Fill (In/Out, playhead gap) and markers do not need it.",
      details,
    });
  },
};

export const sequenceInOutCheck: SelfCheckDefinition = {
  id: "sequence-in-out",
  expected: "createSetInPointAction / createSetOutPointAction at frames 12 and 36 read back from getInPoint / getOutPoint to the tick",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const [unsetIn, unsetOut, end] = await Promise.all([seq.sequence.getInPoint(), seq.sequence.getOutPoint(), seq.sequence.getEndTime()]);
    const range = await ctx.deps.host.setSequenceInOut({ in: { frames: 12 }, out: { frames: 36 } }, { sequenceId: seq.id });
    const [gotIn, gotOut] = await Promise.all([seq.sequence.getInPoint(), seq.sequence.getOutPoint()]);
    const rate = tickRateFromTicksPerFrame(seq.ticksPerFrame);
    const details = { unsetInTicks: unsetIn.ticks, unsetOutTicks: unsetOut.ticks, endTicks: end.ticks, inTicks: gotIn.ticks, outTicks: gotOut.ticks };
    const observed = `Before: In ${unsetIn.ticks}, Out ${unsetOut.ticks} ticks (sequence end ${end.ticks}). After marking frames 12 and 36: In ${gotIn.ticks}, Out ${gotOut.ticks}.`;
    const exact = parseTicks(gotIn.ticks) === frameStart(12, rate) && parseTicks(gotOut.ticks) === frameStart(36, rate);
    if (exact && range?.in.frame === 12 && range.out.frame === 36) {
      return pass(observed, { details, note: "Shotbin reads Out as exclusive (the first frame after the range), like a clip's end; the API does not say, so compare with the Timeline's In/Out duration." });
    }
    return fail(observed, {
      fallback: "Fill also takes the gap under the playhead. Its plan shows the frames of the range it read, so wrong marks show before anything is sent.",
      details,
    });
  },
};

function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export const frameExportCheck: SelfCheckDefinition = {
  id: "frame-export",
  expected: "exportSequenceFrame writes <scratch>/…-frame.png itself (not …-frame.png.png), a PNG at the sequence's frame size",
  async run(ctx) {
    requireProject(ctx);
    const seq = requireSequence(ctx);
    const size = await seq.sequence.getFrameSize();
    const outputPath = scratchPath(ctx, scratchFileName(ctx.runId, "frame.png"));
    let exported;
    try {
      exported = await ctx.deps.host.exportSequenceFrame({ at: { frames: 50 }, outputPath, sequenceId: seq.id });
    } catch (error) {
      return fail(`The frame was not exported: ${describeError(error)}`, {
        fallback: "None in the panel: Extend, Bridge and Replace need the frame, so they stop with this message before anything is sent. The CLI extracts frames with ffmpeg instead.",
      });
    }
    ctx.files.push(exported.path);
    const files = uxpFileSystem(ctx.deps.fs);
    const file = await files.open(exported.path, "read");
    let head: Uint8Array;
    try {
      head = await file.read(0, 24);
    } finally {
      await file.close();
    }
    const found = pngSize(head);
    const details = { foundAs: exported.foundAs, width: found?.width ?? null, height: found?.height ?? null, sequenceWidth: size.width, sequenceHeight: size.height };
    const observed = `Written ${exported.foundAs === "as-asked" ? "at the name asked" : "with its extension doubled"}; ${found ? `a ${found.width}×${found.height} PNG` : "not a PNG"} (sequence ${size.width}×${size.height}).`;
    if (exported.foundAs === "as-asked" && found?.width === Math.round(size.width) && found.height === Math.round(size.height)) return pass(observed, { details });
    return fail(observed, {
      fallback:
        exported.foundAs === "double-extension"
          ? "Shotbin looks for the doubled name too and moves the file to the name asked when the panel can rename files; the frame is used either way."
          : "A frame of another size is still sent; models take their aspect ratio from it, so a wrong size shows in the result.",
      details,
    });
  },
};

export const sourceMonitorCheck: SelfCheckDefinition = {
  id: "source-monitor",
  expected: "openProjectItem shows the clip (getProjectItem is that clip) and its In/Out read back; openFilePath opens a file that is not in the project",
  async run(ctx) {
    requireProject(ctx);
    const mp4 = requireClip(ctx, "mp4");
    const mov = requireClip(ctx, "mov");
    const opened = await ctx.deps.host.openInSourceMonitor({ clip: mp4 });
    const inOut = await ctx.deps.host.setClipInOut(mp4, { in: { seconds: 0.5 }, out: { seconds: 1.5 } });
    const read = await ctx.deps.host.readSourceMonitor();
    await ctx.deps.host.setClipInOut(mp4, null);
    let byPath: string;
    try {
      const ok = await ctx.ppro.SourceMonitor.openFilePath(mov.mediaPath);
      const shown = await ctx.ppro.SourceMonitor.getProjectItem();
      byPath = `openFilePath answered ${String(ok)} and getProjectItem then ${shown ? `an item (id ${shown.getId()})` : "null"}`;
      if (ok) await ctx.ppro.SourceMonitor.closeClip();
    } catch (error) {
      byPath = `openFilePath failed: ${describeError(error)}`;
    }
    await ctx.ppro.SourceMonitor.closeClip().catch(() => false);
    const details = { shownIsClip: opened.clip?.id === mp4.id, inOutRead: read.inOut !== null, inTicks: read.inOut?.inTicks ?? null, outTicks: read.inOut?.outTicks ?? null };
    const observed = `openProjectItem showed ${opened.clip?.id === mp4.id ? "the clip" : opened.clip ? "another item" : "nothing"}; its In/Out read ${read.inOut ? `${read.inOut.inSeconds}–${read.inOut.outSeconds} s` : "as none"}; ${byPath}.`;
    if (details.shownIsClip && read.inOut?.inTicks === inOut.inTicks && read.inOut.outTicks === inOut.outTicks) {
      return pass(observed, { details, note: "The API has no Source Monitor In/Out: Shotbin reads the clip's own in/out, which Premiere sets when the editor marks I and O there. Mark I/O on a clip in the Source Monitor and read the Preview's plan to confirm by hand." });
    }
    return fail(observed, {
      fallback: "Preview still imports the take; placement then uses the whole take (or the In/Out set in the panel), and says so.",
      details,
    });
  },
};

export const colourLabelCheck: SelfCheckDefinition = {
  id: "colour-labels",
  expected: "createSetColorLabelAction with Constants.ProjectItemColorLabel.MANGO reads back from getColorLabelIndex as mango",
  async run(ctx) {
    requireProject(ctx);
    const mov = requireClip(ctx, "mov");
    const labels = Object.keys(ctx.ppro.Constants.ProjectItemColorLabel as unknown as Record<string, unknown>).filter((k) => !/^\d+$/.test(k));
    const before = await ctx.deps.host.readColourLabel(mov);
    let after: string | null;
    try {
      after = await ctx.deps.host.setColourLabel(mov, "mango");
    } catch (error) {
      return fail(`Setting the label failed: ${describeError(error)}`, { fallback: "Labels only mark a take's state (generated, chosen, failed QA); the Shotbin columns say the same.", details: { labels: labels.length } });
    }
    const details = { labels: labels.length, before: before ?? "unknown", after: after ?? "unknown" };
    const observed = `${plural(labels.length, "label colour")} in Constants.ProjectItemColorLabel; the clip's label was ${before ?? "an unknown index"}, then ${after ?? "an unknown index"}.`;
    if (after === "mango" && labels.length === 15) return pass(observed, { details, note: "Track items have no label call in the API; the label is the project item's." });
    return fail(observed, { fallback: "Labels only mark a take's state (generated, chosen, failed QA); the Shotbin columns say the same.", details });
  },
};

export const cloneDisableCheck: SelfCheckDefinition = {
  id: "clone-disable",
  expected: "createCloneTrackItemAction copies V1's MOV to V2 at the same frames and source range, and createSetDisabledAction(true) switches the copy off (isDisabled true)",
  async run(ctx) {
    const project = requireProject(ctx);
    const seq = requireSequence(ctx);
    const items = await v1Items(ctx);
    const mov = requireClip(ctx, "mov");
    let original: VideoClipTrackItem | undefined;
    for (const item of items) if ((await item.getProjectItem()).getId() === mov.id) original = item;
    const source = need(original, "The MOV is not on V1 of the scratch sequence (see overwrite-edit).");
    const [start, end, inPoint] = await Promise.all([source.getStartTime(), source.getEndTime(), source.getInPoint()]);
    const editor = ctx.ppro.SequenceEditor.getEditor(seq.sequence);
    const label = "Shotbin self-check: keep the original";
    commitInLock(project, label, () => [editor.createCloneTrackItemAction(source, ctx.ppro.TickTime.TIME_ZERO, 1, 0, true, false)]);
    let copy: VideoClipTrackItem | undefined;
    for (const item of await v1Items(ctx, 1)) {
      if ((await item.getStartTime()).ticks === start.ticks && (await item.getProjectItem()).getId() === mov.id) copy = item;
    }
    if (!copy) {
      return fail("No copy of the MOV appeared on V2 at its start.", {
        fallback: "Replace then stops before placing the new clip (nothing is overwritten), and says the original could not be kept.",
      });
    }
    const found = copy;
    commitInLock(project, label, () => [found.createSetDisabledAction(true)]);
    const [copyEnd, copyIn, disabled, originalDisabled] = await Promise.all([found.getEndTime(), found.getInPoint(), found.isDisabled(), source.isDisabled()]);
    const details = { sameEnd: copyEnd.ticks === end.ticks, sameIn: copyIn.ticks === inPoint.ticks, disabled, originalDisabled };
    const observed = `A copy on V2 ${details.sameEnd && details.sameIn ? "with the same frames and source range" : `ending at ${copyEnd.ticks} ticks, in ${copyIn.ticks}`}; isDisabled answers ${String(disabled)} for the copy, ${String(originalDisabled)} for the original.`;
    if (details.sameEnd && details.sameIn && disabled && !originalDisabled) return pass(observed, { details });
    return fail(observed, {
      fallback: "Replace reads the copy back and reports what it found; if it is not switched off, the original still shows above the replacement until the editor switches it off (Shift+E).",
      details,
    });
  },
};
