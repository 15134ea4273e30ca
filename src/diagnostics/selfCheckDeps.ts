/**
 * What the self-check needs from its surroundings, all injected: the panel passes the real `uxp`,
 * `fs`, `os` and `premierepro` modules (or the harness's stand-ins), the jest tests pass the fake
 * Premiere. The UXP shapes are declared here, as narrow as the checks use them, because the
 * published UXP typings are wrong in places; the panel's own `UxpModule` satisfies them.
 */
import type { premierepro } from "@adobe/premierepro";
import type { Clock } from "../core/seams/clock";
import type { HttpFetch } from "../core/seams/http";
import type { PremiereHost } from "../host/premiereHost";
import type { UxpFsModule } from "../media/uxpRandomAccessFile";
import type { WebSocketFactory } from "../relay/client/webSocketSession";
import type { CheckEntry, SelfCheckReport } from "./reportSchema";
import type { TestClipFormat } from "./testClips";

export interface SelfCheckSecureStorage {
  getItem(key: string): Promise<Uint8Array | ArrayBuffer | string | null | undefined>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface SelfCheckUxp {
  host?: { name?: string; version?: string };
  versions?: { uxp?: string; plugin?: string };
  storage: {
    secureStorage: SelfCheckSecureStorage;
    /**
     * Only `getTemporaryFolder()` is used, and only when no scratch folder is given. Typed loosely
     * because the panel's narrow UXP types leave it out; it is looked for at run time.
     */
    localFileSystem?: object;
  };
}

/** `require("os")`, or the same facts from elsewhere. */
export interface SelfCheckOs {
  platform(): string;
  release?(): string;
  arch?(): string;
}

export interface SelfCheckDeps {
  /** `require("premierepro")`, or the fake's `ppro`. */
  ppro: premierepro;
  /** The PremiereHost the panel uses, over the same `ppro`. */
  host: PremiereHost;
  uxp: SelfCheckUxp;
  /** UXP's `require("fs")`: positional open/read/write/close, lstat, unlink. */
  fs: UxpFsModule;
  fetch: HttpFetch;
  webSocket: WebSocketFactory;
  /** The relay from Settings; null or absent skips the network checks (reported as skipped, not passed). */
  relay?: { url: string; token?: string } | null;
  clock: Clock;
  /** Shotbin's version (package.json), for the report. */
  shotbinVersion: string;
  os?: SelfCheckOs | null;
  /** The bundled test clips, as paths `fs` can open: `PLUGIN_SELF_CHECK_CLIPS` in the panel. */
  testClips: Record<TestClipFormat, string>;
  /**
   * A folder (native path) where the self-check may create and delete its files. Default: UXP's
   * temporary folder. The report names files in it only relative to it.
   */
  scratchFolder?: string;
}

export type SelfCheckProgress =
  | { type: "started"; total: number; runId: string }
  | { type: "check-started"; index: number; id: CheckEntry["id"]; title: string }
  | { type: "check-finished"; index: number; entry: CheckEntry }
  /** The editor has to do something the API cannot (click in the Project panel); the run waits up to `timeoutMs`. */
  | { type: "waiting-for-user"; instruction: string; timeoutMs: number }
  | { type: "finished"; report: SelfCheckReport };

export interface SelfCheckOptions {
  /** Leave the scratch bin, sequence and files for inspection instead of removing them. */
  keepScratch?: boolean;
  onProgress?: (progress: SelfCheckProgress) => void;
  /**
   * Ask the editor to click a bin in the Project panel (the API cannot change that selection) and
   * wait up to `userWaitMs` for it. Default true. Without it the selection-event check is skipped.
   */
  interactive?: boolean;
  /** Default 15 s. */
  userWaitMs?: number;
  /** How long to wait for events, WebSocket answers and new items. Default 5 s. */
  waitMs?: number;
}
