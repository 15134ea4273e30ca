/**
 * The webhook relay: connects with the URL from Settings and the token from secureStorage,
 * shows its state in the store, gives the pipeline callback URLs while it is up, and tells it
 * about every job waiting at a provider each time the connection (re)starts. Without a relay, or
 * while it is down, jobs are polled.
 */
import { describeError } from "../../core/errors";
import type { ProviderId } from "../../core/request";
import type { JobWakeups } from "../../providers/jobWakeups";
import type { PanelPlatform } from "../platform/panelPlatform";
import { RelayLink } from "../runtime/relayLink";
import { RELAY_TOKEN_KEY } from "../settings/keyNames";
import type { PanelStore } from "../state/panelStore";
import type { RelayHooks } from "./jobRunner";
import type { LedgerAccess, Notifier, Secrets, SettingsWriter } from "./panelServices";

export interface RelayControllerDeps {
  store: PanelStore;
  platform: PanelPlatform;
  wakeups: JobWakeups;
  secrets: Secrets;
  settings: SettingsWriter;
  ledger: LedgerAccess;
  notices: Notifier;
}

export class RelayController implements RelayHooks {
  private readonly link: RelayLink;

  constructor(private readonly deps: RelayControllerDeps) {
    this.link = new RelayLink(
      deps.platform,
      deps.wakeups,
      (relay) => deps.store.setState({ relay }),
      () => void this.registerWaitingJobs(),
    );
  }

  /** Connects when Settings has a relay URL and a token is stored. */
  async connectFromSettings(): Promise<void> {
    const url = this.deps.store.getState().settings.relayUrl;
    const token = await this.deps.secrets.get(RELAY_TOKEN_KEY);
    if (url && token) await this.link.connect(url, token).catch((error: unknown) => this.deps.notices.notify("warning", `The relay did not start: ${describeError(error)}`));
  }

  /** Saves the relay's URL (and a new token, when given) and reconnects; an empty URL turns the relay off. */
  async save(url: string, token: string | undefined): Promise<string | undefined> {
    const trimmed = url.trim().replace(/\/+$/, "");
    if (!trimmed) {
      this.deps.settings.update({ relayUrl: undefined });
      await this.link.disconnect();
      return undefined;
    }
    const problem = this.deps.settings.update({ relayUrl: trimmed });
    if (problem) return `The relay URL is not valid: ${problem}`;
    if (token?.trim()) {
      const keyProblem = await this.deps.secrets.save(RELAY_TOKEN_KEY, token);
      if (keyProblem) return keyProblem;
    }
    if (!(await this.deps.secrets.get(RELAY_TOKEN_KEY))) return "Enter the token the relay's administrator gave you.";
    await this.connectFromSettings();
    return undefined;
  }

  disconnect(): Promise<void> {
    return this.link.disconnect();
  }

  webhookUrl(provider: ProviderId): Promise<string | undefined> {
    return this.link.webhookUrl(provider);
  }

  registerJob(provider: ProviderId, providerJobId: string): Promise<void> {
    return this.link.registerJob(provider, providerJobId);
  }

  private async registerWaitingJobs(): Promise<void> {
    let jobs;
    try {
      jobs = this.deps.ledger.requireLedger().jobs();
    } catch {
      return;
    }
    const stills = this.deps.ledger.requireLedger().imageJobs();
    for (const job of [...jobs, ...stills]) {
      if (job.handle && (job.state === "queued" || job.state === "running")) await this.link.registerJob(job.request.provider, job.handle.id);
    }
  }
}
