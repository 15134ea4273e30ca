/**
 * Take QA through the relay: UXP cannot run ffmpeg, so each take with a file is measured by the
 * relay, by its job id when the job's webhook named the result, else by its file under the media
 * folder (a relay on loopback with that folder as its QA folder). The full report stays in the
 * store; the ledger records `extra.qa = { verdict, score, defectKinds, measuredAt }` (the CLI
 * writes the same), which labels a failed take (ClipLabelsController) and fills the QA column.
 */
import { describeError } from "../../core/errors";
import type { JobRecord } from "../../core/jobRecord";
import type { HttpFetch } from "../../core/seams/http";
import type { QaAnswer, QaRequest } from "../../relay/client/qaProtocol";
import { RelayHttp, RelayRequestError } from "../../relay/client/relayHttp";
import { RELAY_TOKEN_KEY } from "../settings/keyNames";
import type { PanelStore } from "../state/panelStore";
import { isMeasurable, qaColumnText, qaSubjectsOf, qaSummaryOf, recordedQa, withQa, type TakeQa } from "../runtime/takeQa";
import type { HostAccess, LedgerAccess, Secrets } from "./panelServices";

/** Seconds each request waits at the relay for the report (its long-poll limit is 60). */
const WAIT_SECONDS = 25;
/** Takes asked about at once; the relay queues beyond its own limit. */
const AT_ONCE = 2;

export interface QaControllerDeps {
  store: PanelStore;
  ledger: LedgerAccess;
  host: HostAccess;
  secrets: Secrets;
  fetch: HttpFetch;
}

export class QaController {
  private readonly waiting: string[] = [];
  private readonly asked = new Set<string>();
  private running = 0;
  /** The QA column text each clip was given this session. */
  private readonly columns = new Map<string, string>();
  private detach: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: QaControllerDeps) {}

  start(): void {
    this.stopped = false;
    this.detach?.();
    this.detach = this.deps.ledger.requireLedger().subscribe((job) => this.jobChanged(job));
  }

  stop(): void {
    this.stopped = true;
    this.detach?.();
    this.detach = undefined;
  }

  /** Whether Settings names a relay: without one the panel cannot measure takes. */
  relayConfigured(): boolean {
    return !!this.deps.store.getState().settings.relayUrl;
  }

  /** Asks for the take's report unless the store has it or it is under way (Review calls it for each take it shows). */
  ensure(jobId: string): void {
    const job = this.deps.store.getState().jobs[jobId] ?? this.ledgerJob(jobId);
    if (!job || !isMeasurable(job) || !this.relayConfigured() || this.asked.has(jobId)) return;
    const held = this.deps.store.getState().qa[jobId];
    if (held?.state === "done" || held?.state === "measuring") return;
    this.asked.add(jobId);
    this.waiting.push(jobId);
    this.pump();
  }

  /** Measures the take again (after a failure, or a changed relay). */
  retry(jobId: string): void {
    this.asked.delete(jobId);
    this.setQa(jobId, undefined);
    this.ensure(jobId);
  }

  /** Resolves when no take is waiting or being measured (tests). */
  async settled(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private jobChanged(job: JobRecord): void {
    if (!isMeasurable(job)) return;
    const summary = recordedQa(job);
    if (!summary) this.ensure(job.id);
    else if (job.clipId) this.writeColumn(job, qaColumnText(summary));
  }

  private ledgerJob(id: string): JobRecord | undefined {
    try {
      return this.deps.ledger.requireLedger().get(id);
    } catch {
      return undefined;
    }
  }

  private pump(): void {
    while (this.running < AT_ONCE && this.waiting.length > 0 && !this.stopped) {
      const id = this.waiting.shift()!;
      this.running += 1;
      void this.measure(id).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async measure(jobId: string): Promise<void> {
    const job = this.ledgerJob(jobId);
    const url = this.deps.store.getState().settings.relayUrl;
    const token = await this.deps.secrets.get(RELAY_TOKEN_KEY);
    if (!job || !url) return;
    if (!token) return this.setQa(jobId, { state: "failed", message: "QA needs the relay's token: enter it in Settings → Relay." });
    this.setQa(jobId, { state: "measuring" });
    const http = new RelayHttp(url, token, this.deps.fetch);
    let problem = "the relay could not measure this take";
    for (const subject of qaSubjectsOf(job)) {
      const byJob = "jobId" in subject;
      try {
        const answer = await this.follow(http, { ...subject, wait: WAIT_SECONDS });
        if (answer.state === "done") {
          this.setQa(jobId, { state: "done", report: answer.report });
          await this.record(jobId, qaSummaryOf(answer.report));
          return;
        }
        if (answer.state === "failed") problem = answer.message;
        break;
      } catch (error) {
        problem = describeError(error);
        // The relay knows no result for this job (a polled job, a webhook without a URL), or could
        // not fetch it (an expired link): the downloaded file may still be measured.
        const fileMayDo = error instanceof RelayRequestError && (error.status === 404 || error.status === 409 || error.code === "download-failed");
        if (byJob && fileMayDo) continue;
        break;
      }
    }
    if (!this.stopped) this.setQa(jobId, { state: "failed", message: problem });
  }

  /** The first answer, then the key's state until it is done or failed. */
  private async follow(http: RelayHttp, request: QaRequest): Promise<QaAnswer> {
    let answer = await http.requestQa(request);
    while ((answer.state === "queued" || answer.state === "measuring") && !this.stopped) answer = await http.qaState(answer.key, WAIT_SECONDS);
    return answer;
  }

  private async record(jobId: string, summary: ReturnType<typeof qaSummaryOf>): Promise<void> {
    const ledger = this.deps.ledger.requireLedger();
    const current = ledger.get(jobId);
    if (!current) return;
    const recorded = recordedQa(current);
    if (recorded && recorded.measuredAt === summary.measuredAt && recorded.score === summary.score) return;
    // The ledger's listeners (clip labels, this controller's column) follow the update.
    await ledger.update(jobId, { extra: withQa(current, summary) });
  }

  private writeColumn(job: JobRecord, text: string): void {
    if (!job.clipId || this.columns.get(job.clipId) === text) return;
    this.columns.set(job.clipId, text);
    const clip = { id: job.clipId, name: job.file?.split(/[\\/]/).pop() ?? job.shot.shotId, mediaPath: job.file ?? "" };
    void this.deps.host
      .requireHost()
      .setClipMetadata(clip, { qa: text })
      .catch(() => this.columns.delete(clip.id));
  }

  private setQa(jobId: string, qa: TakeQa | undefined): void {
    const next = { ...this.deps.store.getState().qa };
    if (qa) next[jobId] = qa;
    else delete next[jobId];
    this.deps.store.setState({ qa: next });
  }
}
