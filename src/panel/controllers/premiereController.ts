/**
 * Premiere, through PremiereHost: the host is made at start, and the project, target bin and
 * active sequence are read into the store when Premiere says they changed (and when a tab asks).
 */
import { describeError, HostError } from "../../core/errors";
import type { Clock } from "../../core/seams/clock";
import type { FileSystem } from "../../core/seams/fileSystem";
import { createPremiereHost } from "../../host/premiere/createPremiereHost";
import type { HostContext, PremiereHost } from "../../host/premiereHost";
import type { PanelPlatform } from "../platform/panelPlatform";
import type { PanelStore } from "../state/panelStore";
import type { HostAccess } from "./panelServices";

export class PremiereController implements HostAccess {
  private host: PremiereHost | undefined;
  private refreshing: Promise<HostContext | null> | undefined;
  private dirty = false;
  private detach: (() => void) | undefined;

  constructor(
    private readonly store: PanelStore,
    private readonly ppro: PanelPlatform["ppro"],
    private readonly seams: { files: FileSystem; clock: Clock },
  ) {}

  connect(): void {
    this.detach?.();
    const host = createPremiereHost(this.ppro, { fileExists: (path) => this.seams.files.exists(path), clock: this.seams.clock });
    this.host = host;
    this.detach = host.onContextChanged(() => void this.refreshContext());
  }

  stop(): void {
    this.detach?.();
    this.detach = undefined;
  }

  requireHost(): PremiereHost {
    if (!this.host) throw new HostError("unexpected", "Shotbin is not connected to Premiere yet.");
    return this.host;
  }

  refreshContext(): Promise<HostContext | null> {
    if (this.refreshing) {
      this.dirty = true;
      return this.refreshing;
    }
    const host = this.host;
    if (!host) return Promise.resolve(null);
    this.refreshing = (async () => {
      try {
        do {
          this.dirty = false;
          const context = await host.getContext();
          const state = this.store.getState();
          if (!sameContext(state.context, context) || state.contextProblem) this.store.setState({ context, contextProblem: undefined });
        } while (this.dirty);
        return this.store.getState().context;
      } catch (error) {
        this.store.setState({ contextProblem: `Premiere's project could not be read: ${describeError(error)}` });
        return null;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

function sameContext(a: HostContext | null, b: HostContext): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
