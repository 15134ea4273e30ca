/**
 * The panel's connection to the webhook relay: one RelayClient at a time, its events turned into
 * "check this job now" for the pollers, and its state and event count for the indicator. Without
 * a relay (or while it is down) jobs are tracked by polling alone.
 */
import type { ProviderId } from "../../core/request";
import type { JobWakeups } from "../../providers/jobWakeups";
import { checkJobsOnRelayEvents } from "../../relay/client/jobStatusSignals";
import { RelayClient, type RelayConnectionState, type RelayCursorStore } from "../../relay/client/relayClient";
import type { PanelPlatform } from "../platform/panelPlatform";

export type RelayIndicator = RelayConnectionState | "off";

export interface RelayStatus {
  state: RelayIndicator;
  events: number;
  lastEventAt?: number;
  problem?: string;
}

function cursorStore(platform: PanelPlatform, url: string): RelayCursorStore {
  const key = `shotbin.relayCursor:${url}`;
  return {
    load: async () => {
      const value = Number(platform.storage.getItem(key));
      return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    },
    save: async (seq) => platform.storage.setItem(key, String(seq)),
  };
}

export class RelayLink {
  private client: RelayClient | undefined;
  private detach: (() => void)[] = [];
  private status: RelayStatus = { state: "off", events: 0 };

  constructor(
    private readonly platform: PanelPlatform,
    private readonly wakeups: JobWakeups,
    private readonly onStatus: (status: RelayStatus) => void,
    /** Called when the connection (re)starts, so jobs at providers can be registered. */
    private readonly onLive: () => void,
  ) {}

  get connected(): RelayClient | undefined {
    return this.client && this.status.state !== "unauthorized" && this.status.state !== "stopped" ? this.client : undefined;
  }

  async connect(url: string, token: string): Promise<void> {
    await this.disconnect();
    const client = new RelayClient({
      baseUrl: url,
      token,
      webSocket: this.platform.webSocket,
      fetch: this.platform.fetch,
      clock: this.platform.clock,
      cursor: cursorStore(this.platform, url),
    });
    this.client = client;
    this.update({ state: "connecting", events: 0 });
    this.detach = [
      checkJobsOnRelayEvents(client, this.wakeups),
      client.on("event", () => this.update({ ...this.status, events: this.status.events + 1, lastEventAt: this.platform.clock.now() })),
      client.on("state", (state) => {
        const problem = state === "unauthorized" ? "The relay refused this token. Check the token in Settings." : state === "waiting" ? "The relay cannot be reached; retrying. Jobs are polled meanwhile." : undefined;
        this.update({ ...this.status, state, ...(problem ? { problem } : { problem: undefined }) });
        if (state === "live" || state === "long-polling") this.onLive();
      }),
      client.on("error", (error) => this.update({ ...this.status, problem: error.message })),
    ];
    await client.start();
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.detach.splice(0).forEach((off) => off());
    if (client) await client.stop();
    this.update({ state: "off", events: 0 });
  }

  async webhookUrl(provider: ProviderId): Promise<string | undefined> {
    const client = this.connected;
    if (!client) return undefined;
    try {
      return (await client.createCallback(provider)).url;
    } catch (error) {
      this.update({ ...this.status, problem: `No callback URL from the relay (${error instanceof Error ? error.message : String(error)}); this job is polled instead.` });
      return undefined;
    }
  }

  async registerJob(provider: ProviderId, providerJobId: string): Promise<void> {
    const client = this.connected;
    if (!client) return;
    try {
      await client.registerJob(provider, providerJobId);
    } catch (error) {
      this.update({ ...this.status, problem: `The relay did not take job ${providerJobId} (${error instanceof Error ? error.message : String(error)}); it is polled instead.` });
    }
  }

  private update(status: RelayStatus): void {
    if (status.problem === undefined) delete status.problem;
    this.status = status;
    this.onStatus(status);
  }
}
