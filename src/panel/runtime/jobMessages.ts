/**
 * What the panel tells the editor about a job: its status in words, and for a failure what went
 * wrong and what to do next.
 */
import type { JobRecord, JobState } from "../../core/jobRecord";
import { describeProvider } from "../../providers/providerDescriptions";

const STATE_WORDS: Record<JobState, string> = {
  planned: "Waiting to send",
  submitting: "Sending",
  queued: "Queued at provider",
  running: "Generating",
  succeeded: "Generated",
  downloading: "Downloading",
  downloaded: "Downloaded",
  embedding: "Writing metadata",
  ready: "Ready",
  importing: "Importing",
  imported: "In the project",
  placing: "Placing",
  placed: "On the timeline",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function stateText(state: JobState): string {
  return STATE_WORDS[state];
}

export function jobTitle(job: JobRecord): string {
  return `${job.shot.shotId} take ${job.shot.take}`;
}

/** A cancelled job the provider had already taken may still be billed, and is counted as spent. */
export function cancelledText(job: JobRecord): string {
  if (!job.handle || !(job.estimate.usd > 0)) return `${jobTitle(job)} was cancelled.`;
  const provider = describeProvider(job.request.provider).displayName;
  return `${jobTitle(job)} was cancelled. ${provider} may still charge for it, so it counts as spent.`;
}

const STEP_WORDS = { submit: "sending", track: "generating", download: "downloading", embed: "writing metadata", import: "importing", place: "placing" } as const;

/** The next step for the editor after a failure. */
export function nextStep(job: JobRecord): string {
  const failure = job.failure;
  if (!failure) return "";
  const provider = describeProvider(job.request.provider).displayName;
  if (failure.step === "download" || failure.step === "embed" || failure.step === "import" || failure.step === "place") {
    return "The clip is paid for and kept: choose Resume in Jobs to try this step again (no new charge).";
  }
  switch (failure.kind) {
    case "auth":
      return `Check the ${provider} key in Settings (Test key), then retry.`;
    case "content-policy":
      return "Change the prompt or images, then generate again; retrying the same request will likely be refused again.";
    case "invalid-request":
      return "Change the settings the message names, then generate again.";
    case "quota":
      return `${provider} is out of quota or rate-limited: wait, or check billing, then retry.`;
    case "unknown-submit":
      return `Check the ${provider} dashboard before retrying: a retry may be charged a second time.`;
    default:
      return failure.retryable ? "Retry it as a new job from Jobs (you confirm the cost first)." : "Retry it as a new job from Jobs if you still want it.";
  }
}

export function failureText(job: JobRecord): string {
  const failure = job.failure;
  if (!failure) return "";
  const charged = failure.charged === true ? " It was charged." : failure.charged === false ? " It was not charged." : "";
  return `${jobTitle(job)} failed while ${STEP_WORDS[failure.step]}: ${failure.message.replace(/\.?$/, ".")}${charged} ${nextStep(job)}`.trim();
}
