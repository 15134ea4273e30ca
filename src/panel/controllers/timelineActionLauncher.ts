/**
 * Sends one From timeline action: checks the plan the editor saw still holds, exports the frames
 * it names with `exportSequenceFrame` into the media folder, validates and prices the request
 * with those frames as first/last frame, records the job (placement and frame origin included) and
 * runs it through the shared pipeline. Refusals throw a message for the section and record nothing.
 */
import type { JobRecord } from "../../core/jobRecord";
import type { ModelSpec } from "../../core/modelSpec";
import { planJob } from "../../core/plan";
import { formatUsd } from "../../core/pricing";
import { createIdempotencyKey, type ImageInput } from "../../core/request";
import type { Clock } from "../../core/seams/clock";
import type { FileSystem } from "../../core/seams/fileSystem";
import type { TimelineState } from "../../host/timelineHost";
import type { FrameToSend, TimelineActionPlan } from "../../timeline/planTypes";
import { parseSeed, type GenerateDraft } from "../runtime/generateDraft";
import { extraJson } from "../runtime/jobExtras";
import { dailyCapProblem } from "../runtime/spending";
import { frameOriginOf, nextTimelineShotId, timelineActionExtra } from "../runtime/timelineActionJobs";
import { binPathFor, type PanelSettings } from "../settings/panelSettings";
import type { HostAccess, JobRuns, LedgerAccess, ProviderAccess } from "./panelServices";

export interface LaunchDeps {
  clock: Clock;
  files: FileSystem;
  ledger: LedgerAccess;
  host: HostAccess;
  providers: ProviderAccess;
  runs: JobRuns;
}

export interface LaunchInput {
  plan: TimelineActionPlan;
  timeline: TimelineState;
  spec: ModelSpec;
  draft: GenerateDraft;
  settings: PanelSettings;
  mediaFolder: string;
}

async function readWhole(files: FileSystem, path: string): Promise<Uint8Array> {
  const file = await files.open(path, "read");
  try {
    return await file.read(0, await file.size());
  } finally {
    await file.close();
  }
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "sequence";
}

export class TimelineActionLauncher {
  constructor(private readonly deps: LaunchDeps) {}

  /** Exports one planned frame into the media folder and reads it back as the image to send. */
  private async exportFrame(input: LaunchInput, frame: FrameToSend, stamp: number): Promise<{ path: string; image: ImageInput }> {
    const name = `shotbin-frame_${safe(input.timeline.sequenceName)}_${input.plan.action}_f${frame.at.frame}_${frame.role}_${stamp}.png`;
    const exported = await this.deps.host.requireHost().exportSequenceFrame({ at: { ticks: frame.at.ticks }, outputPath: this.deps.files.join(input.mediaFolder, name), sequenceId: input.plan.sequenceId });
    const bytes = await readWhole(this.deps.files, exported.path);
    return { path: exported.path, image: { kind: "bytes", bytes: bytes as Uint8Array<ArrayBuffer>, mediaType: "image/png", name } };
  }

  /** Records and sends the action; returns its job. Throws a message (nothing recorded) when it cannot. */
  async launch(input: LaunchInput): Promise<JobRecord> {
    const { plan, spec, draft, settings } = input;
    const ledger = this.deps.ledger.requireLedger();
    const now = this.deps.clock.now();
    if (plan.request.needsPrompt) throw new Error("Not sent: write a prompt above first (what happens in the new shot).");
    const capProblem = dailyCapProblem(ledger, settings.dailyBudgetUsd, now, plan.cost.usd);
    if (capProblem) throw new Error(`Not sent: ${capProblem}`);
    const context = await this.deps.host.refreshContext();
    if (!context?.project) throw new Error("Not sent: no project is open in Premiere.");

    const first = plan.frames.find((frame) => frame.role === "first");
    const last = plan.frames.find((frame) => frame.role === "last");
    const exportedFirst = first ? await this.exportFrame(input, first, now) : undefined;
    const exportedLast = last ? await this.exportFrame(input, last, now) : undefined;
    const { seed } = parseSeed(draft.seedText);
    const checked = this.deps.providers.registry().check({
      provider: spec.provider,
      model: spec.id,
      prompt: draft.prompt,
      idempotencyKey: createIdempotencyKey(),
      durationSeconds: plan.request.durationSeconds,
      resolution: plan.request.resolution,
      audio: plan.request.audio,
      ...(plan.request.aspectRatio ? { aspectRatio: plan.request.aspectRatio } : {}),
      ...(draft.negativePrompt.trim() && spec.capabilities.negativePrompt === "supported" ? { negativePrompt: draft.negativePrompt } : {}),
      ...(seed !== undefined && spec.capabilities.seed === "supported" ? { seed } : {}),
      ...(exportedFirst ? { firstFrame: exportedFirst.image } : {}),
      ...(exportedLast ? { lastFrame: exportedLast.image } : {}),
    });
    if (!checked.ok) throw new Error(`Not sent: ${spec.displayName} refused the request: ${checked.issues.map((issue) => issue.message).join("; ")}.`);
    if (Number.isFinite(plan.cost.usd) && Math.abs(checked.cost.usd - plan.cost.usd) > 1e-9) {
      throw new Error(`Not sent: the price is now ${formatUsd(checked.cost.usd)}, not the ${formatUsd(plan.cost.usd)} shown. Check the plan and choose again.`);
    }
    const goal = settings.timelinePreview ? "imported" : "placed";
    const job = planJob(
      {
        request: checked.request,
        estimate: checked.cost,
        shot: { shotId: nextTimelineShotId(ledger.jobs()), shotName: plan.summary.slice(0, 80), order: now, take: 1 },
        imagePaths: { ...(exportedFirst ? { firstFrame: exportedFirst.path } : {}), ...(exportedLast ? { lastFrame: exportedLast.path } : {}) },
      },
      now,
    );
    job.extra = extraJson(
      { goal, binPath: binPathFor(settings, now), ...(context.targetBin ? { bin: context.targetBin.bin } : {}), projectPath: context.project.path },
      timelineActionExtra(plan, String(input.timeline.frameRate.ticksPerFrame), settings.timelinePreview),
    );
    job.frameOrigin = frameOriginOf(plan);
    await ledger.add([job]);
    this.deps.runs.run([job.id], { goal, ...(Number.isFinite(checked.cost.usd) ? { approvedUsd: checked.cost.usd } : {}) });
    return job;
  }
}
