/**
 * Scripted faults. A test (or `/_control/faults`) adds rules; each matching request or job takes
 * one use of a rule. HTTP faults change one answer; job faults change how a job ends or how its
 * webhooks are delivered.
 */

export type FakeProviderName = "openai" | "gemini" | "kling" | "dashscope" | "fal" | "replicate";
export type FakeOperation = "create" | "status" | "result" | "cancel" | "download" | "other";

export type HttpFault =
  | { type: "rate-limit"; retryAfterSeconds?: number; message?: string }
  | { type: "server-error"; status?: number }
  | { type: "timeout"; delayMs: number }
  | { type: "malformed-json" }
  | { type: "reset-connection" }
  /** Kling: HTTP 200 whose body carries a non-zero code. */
  | { type: "business-error"; code: number; message?: string };

export type JobFault =
  | { type: "content-policy"; message?: string }
  | { type: "job-failure"; message?: string }
  /** Veo: the operation ends done with no videos (safety filter). */
  | { type: "no-videos" }
  | { type: "webhook-duplicates"; copies: number }
  | { type: "webhook-out-of-order" }
  | ClipFault;

/** The job succeeds and its download is a spoiled clip (see clipFaults.ts). */
export type ClipFault = { type: "flickering-clip" } | { type: "frozen-clip" };

export type DownloadFault =
  | { type: "expired-url" }
  | { type: "truncated-download"; afterBytes?: number };

export type Fault = HttpFault | JobFault | DownloadFault;

export interface FaultRule {
  provider?: FakeProviderName;
  operation?: FakeOperation;
  /** Only requests or jobs whose prompt contains this text. */
  promptIncludes?: string;
  /** How many times the rule fires; 1 when absent; 0 or a negative number for always. */
  times?: number;
  fault: Fault;
}

interface ActiveRule extends FaultRule {
  id: number;
  fired: number;
}

const HTTP_FAULTS = new Set(["rate-limit", "server-error", "timeout", "malformed-json", "reset-connection", "business-error"]);
const JOB_FAULTS = new Set(["content-policy", "job-failure", "no-videos", "webhook-duplicates", "webhook-out-of-order", "flickering-clip", "frozen-clip"]);
const DOWNLOAD_FAULTS = new Set(["expired-url", "truncated-download"]);

export function isHttpFault(fault: Fault): fault is HttpFault {
  return HTTP_FAULTS.has(fault.type);
}
export function isJobFault(fault: Fault): fault is JobFault {
  return JOB_FAULTS.has(fault.type);
}
export function isDownloadFault(fault: Fault): fault is DownloadFault {
  return DOWNLOAD_FAULTS.has(fault.type);
}

export class FaultBook {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...rule, id, fired: 0 });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly ActiveRule[] {
    return this.rules;
  }

  /** Takes the first matching rule of the wanted family, counting one use. */
  take<F extends Fault>(
    provider: FakeProviderName,
    operation: FakeOperation,
    prompt: string | undefined,
    family: (fault: Fault) => fault is F,
  ): F | undefined {
    return this.takeMatching(provider, operation, prompt, family, new Set());
  }

  /** Every matching rule of the family, each counted once: all the faults one new job carries (an "always" rule too, once). */
  takeEach<F extends Fault>(provider: FakeProviderName, operation: FakeOperation, prompt: string | undefined, family: (fault: Fault) => fault is F): F[] {
    const taken = new Set<number>();
    const faults: F[] = [];
    for (let fault = this.takeMatching(provider, operation, prompt, family, taken); fault; fault = this.takeMatching(provider, operation, prompt, family, taken)) {
      faults.push(fault);
    }
    return faults;
  }

  private takeMatching<F extends Fault>(
    provider: FakeProviderName,
    operation: FakeOperation,
    prompt: string | undefined,
    family: (fault: Fault) => fault is F,
    skip: Set<number>,
  ): F | undefined {
    for (const rule of this.rules) {
      if (skip.has(rule.id)) continue;
      if (!family(rule.fault)) continue;
      if (rule.provider && rule.provider !== provider) continue;
      if (rule.operation && rule.operation !== operation) continue;
      if (rule.promptIncludes && !(prompt ?? "").includes(rule.promptIncludes)) continue;
      const times = rule.times ?? 1;
      if (times > 0 && rule.fired >= times) continue;
      rule.fired++;
      skip.add(rule.id);
      return rule.fault as F;
    }
    return undefined;
  }
}
