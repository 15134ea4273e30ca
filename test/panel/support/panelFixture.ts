import { systemClock } from "../../../src/core/seams/clock";
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
  const media: FakeMediaStore = { probe: async (path) => (fs.files.has(path) ? { durationSeconds: 5 } : undefined) };
  const premiere = createFakePremiere({ media });
  premiere.openProject({ name: "Fixture", path: "/Projects/Fixture.prproj" });
  const footageBinId = premiere.addBin("Footage");
  const shotsBinId = premiere.addBin("Shots");
  const sequenceId = premiere.addSequence({ name: "Edit", fps: 25 });
  premiere.select([shotsBinId]);
  const platform: PanelPlatform = {
    uxp,
    fs,
    ppro: premiere.ppro,
    storage,
    fetch: globalFetch(),
    webSocket: () => {
      throw new Error("no relay in this test");
    },
    clock: systemClock,
  };
  const runtime = new PanelRuntime(platform, { simulator: options.simulator ?? { queueMs: 20, runMs: 60 } });
  await runtime.start();

  const waitForJob = async (what: string, match: (job: JobRecord) => boolean, timeoutMs = 15_000): Promise<JobRecord> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const job = Object.values(runtime.state.jobs).find(match);
      if (job) return job;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; jobs: ${JSON.stringify(Object.values(runtime.state.jobs).map((j) => [j.state, j.failure?.message]))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return { runtime, fs, uxp, storage, premiere, ids: { footageBinId, shotsBinId, sequenceId }, waitForJob };
}
