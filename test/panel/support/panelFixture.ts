import { systemClock } from "../../../src/core/seams/clock";
import { fileBackedMediaStore } from "../../../src/diagnostics/fileBackedMediaStore";
import { uxpFileSystem } from "../../../src/media/uxpFileSystem";
import { FAST_POLL } from "../../support/fakeProviders";
import { globalFetch } from "../../../src/core/seams/http";
import type { JobRecord } from "../../../src/core/jobRecord";
import { createFakePremiere } from "../../../src/host/fake/createFakePremiere";
import type { FakeMediaStore } from "../../../src/host/fake/fakeMediaStore";
import type { PanelPlatform } from "../../../src/panel/platform/panelPlatform";
import { LEDGER_PATH } from "../../../src/panel/platform/uxpLedgerStore";
import { PanelRuntime } from "../../../src/panel/runtime/panelRuntime";
import { defaultSettings, saveSettings, type PanelSettings } from "../../../src/panel/settings/panelSettings";
import { MemoryUxpFs } from "./memoryUxpFs";
import { memoryStorage, uxpStub } from "./uxpStub";

export const MEDIA = "/media";

export interface FixtureOptions {
  settings?: Partial<PanelSettings>;
  keys?: Record<string, string>;
  ledgerText?: string;
  /** Choose the media folder (default true). */
  mediaFolder?: boolean;
  /** Simulator timings (default: 20 ms queued, 60 ms running). */
  simulator?: { queueMs: number; runMs: number };
  /** "Premiere" reads the files' real lengths and XMP (default: every file is 5 s long). */
  realMedia?: boolean;
  /** Poll the providers every few tens of milliseconds (default: their own pace). */
  fastPolling?: boolean;
  /** The panel's idea of now (default: the system clock); sleeping still takes real time. */
  now?: () => number;
}

/**
 * A panel runtime over Node stand-ins for its platform: UXP's fs and secureStorage in memory, the
 * fake Premiere with a project (bins Footage and Shots, Shots selected; a 25 fps sequence), real
 * fetch for the fake providers, and a fast simulator.
 */
export async function panelFixture(options: FixtureOptions = {}) {
  const fs = new MemoryUxpFs();
  if (options.ledgerText !== undefined) await fs.writeFile(LEDGER_PATH, options.ledgerText);
  const uxp = uxpStub();
  for (const [name, value] of Object.entries(options.keys ?? {})) await uxp.storage.secureStorage.setItem(name, value);
  const storage = memoryStorage();
  const folder = options.mediaFolder === false ? {} : { mediaFolderPath: MEDIA, mediaFolderToken: `token:${MEDIA}` };
  saveSettings(storage, { ...defaultSettings(), ...folder, ...options.settings });
  const media: FakeMediaStore = options.realMedia ? fileBackedMediaStore(uxpFileSystem(fs)) : { probe: async (path) => (fs.files.has(path) ? { durationSeconds: 5 } : undefined) };
  const premiere = createFakePremiere({ media });
  premiere.openProject({ name: "Fixture", path: "/Projects/Fixture.prproj" });
  const footageBinId = premiere.addBin("Footage");
  const shotsBinId = premiere.addBin("Shots");
  const sequenceId = premiere.addSequence({ name: "Edit", fps: 25 });
  premiere.select([shotsBinId]);
  /**
   * One panel session's view of the world. `end()` imitates the panel's JavaScript going away (a
   * reload): from then on its file, network and timer calls fail, so nothing it had in flight
   * reaches the ledger file, the providers or Premiere again (and its timers wind down).
   */
  const session = () => {
    let ended = false;
    const live = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A): Promise<R> => (ended ? Promise.reject(new Error("this panel session has ended")) : call(...args));
    const fetch = globalFetch();
    const sessionFs = new Proxy(fs, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === "function" ? live((...args: unknown[]) => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) : value;
      },
    });
    const platform: PanelPlatform = {
      uxp,
      fs: sessionFs,
      ppro: premiere.ppro,
      storage,
      fetch: live(fetch),
      webSocket: () => {
        throw new Error("no relay in this test");
      },
      clock: { now: options.now ?? (() => systemClock.now()), sleep: live((ms: number, signal?: AbortSignal) => systemClock.sleep(ms, signal)) },
    };
    return { platform, end: () => (ended = true) };
  };
  const runtimeOptions = { simulator: options.simulator ?? { queueMs: 20, runMs: 60 }, ...(options.fastPolling ? { pollPolicy: FAST_POLL } : {}) };
  let current = session();
  let runtime = new PanelRuntime(current.platform, runtimeOptions);
  await runtime.start();

  /** Closes the panel and opens it again over the same files, project and storage (a reload). */
  const restart = async (): Promise<PanelRuntime> => {
    await runtime.stop();
    current.end();
    current = session();
    runtime = new PanelRuntime(current.platform, runtimeOptions);
    await runtime.start();
    return runtime;
  };

  const waitForJob = async (what: string, match: (job: JobRecord) => boolean, timeoutMs = 15_000): Promise<JobRecord> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const job = Object.values(runtime.state.jobs).find(match);
      if (job) return job;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; jobs: ${JSON.stringify(Object.values(runtime.state.jobs).map((j) => [j.state, j.failure?.message]))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    get runtime() {
      return runtime;
    },
    fs,
    uxp,
    storage,
    premiere,
    ids: { footageBinId, shotsBinId, sequenceId },
    waitForJob,
    restart,
    /** Closes the panel for good: stops the runtime and cuts off what it still had in flight (a job polling a provider, say). */
    close: async (): Promise<void> => {
      await runtime.stop();
      current.end();
    },
  };
}
