/**
 * The self-check's world in Node: the fake Premiere importing real files (the committed test
 * clips, copied by the self-check into a temporary scratch folder) and reading their real XMP, the
 * PremiereHost over it, UXP's `fs` shapes over Node's file descriptors, an in-memory secureStorage
 * that answers bytes like UXP's, and an editor's project with private names to keep out of reports.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { globalFetch } from "../../../src/core/seams/http";
import { utf8Encode } from "../../../src/core/text/utf8";
import { fileBackedMediaStore } from "../../../src/diagnostics/fileBackedMediaStore";
import { runSelfCheck } from "../../../src/diagnostics/runSelfCheck";
import type { SelfCheckDeps, SelfCheckOptions, SelfCheckSecureStorage } from "../../../src/diagnostics/selfCheckDeps";
import { SELF_CHECK_CLIP_FILES } from "../../../src/diagnostics/testClips";
import { createFakePremiere, type FakePremiere } from "../../../src/host/fake/createFakePremiere";
import type { FakeMediaStore } from "../../../src/host/fake/fakeMediaStore";
import { createPremiereHost, type PremiereHostOptions } from "../../../src/host/premiere/createPremiereHost";
import type { PremiereHost } from "../../../src/host/premiereHost";
import { nodeSequenceFrameRenderer } from "../../../src/media/nodeSequenceFrames";
import { uxpFileSystem } from "../../../src/media/uxpFileSystem";
import { nodeWebSocket } from "../../relay/support/relayHarness";
import { fakeUxpFs } from "../../media/support/fakeUxpFs";
import { ManualClock } from "../../support/manualClock";

export const ASSETS = resolve(__dirname, "../../../assets/diagnostics");

/** What an editor's project and key store hold that must never reach a report. */
export const PRIVATE = {
  projectName: "Heist Reshoots",
  projectPath: "/Users/ana/Clients/Acme/Heist Reshoots.prproj",
  binName: "ACME confidential selects",
  clipPath: "/Users/ana/Clients/Acme/footage/A001_C003_0412.mov",
  prompt: "CONFIDENTIAL: the vault door opens onto the heist crew",
  apiKeys: { "shotbin.key.openai": "sk-proj-SECRETSECRETSECRET0123456789", "shotbin.key.fal": "fal-key-9f8e7d6c5b4a" },
};

export class MemorySecureStorage implements SelfCheckSecureStorage {
  readonly values = new Map<string, string>();
  readonly keysTouched = new Set<string>();
  async getItem(key: string) {
    this.keysTouched.add(key);
    const value = this.values.get(key);
    return value === undefined ? null : utf8Encode(value);
  }
  async setItem(key: string, value: string) {
    this.keysTouched.add(key);
    this.values.set(key, value);
  }
  async removeItem(key: string) {
    this.keysTouched.add(key);
    this.values.delete(key);
  }
}

export interface SelfCheckWorld {
  fake: FakePremiere;
  host: PremiereHost;
  clock: ManualClock;
  secure: MemorySecureStorage;
  scratch: string;
  deps: SelfCheckDeps;
  /** The editor's own bin, which the test selects when the self-check asks for a click. */
  editorBin: string;
  run(options?: SelfCheckOptions): ReturnType<typeof runSelfCheck>;
  remove(): void;
}

export interface WorldOptions {
  version?: string;
  relay?: SelfCheckDeps["relay"];
  host?: Partial<PremiereHostOptions>;
  /** Changes what "Premiere" sees of the files. */
  wrapMedia?(store: FakeMediaStore): FakeMediaStore;
  /** Break the fake before the run. */
  arrange?(fake: FakePremiere): void;
  /** Answer the "click a bin" prompt by selecting the editor's bin (default true). */
  clickWhenAsked?: boolean;
  /** A fake Premiere without a frame renderer: exportSequenceFrame answers false. */
  noFrames?: boolean;
}

export function selfCheckWorld(options: WorldOptions = {}): SelfCheckWorld {
  const scratch = mkdtempSync(join(tmpdir(), "shotbin-self-check-"));
  const fs = fakeUxpFs();
  const files = uxpFileSystem(fs);
  const media = fileBackedMediaStore(files);
  const version = options.version ?? "26.3.0";
  // Frames exported from the fake's sequences are drawn from the real test clips with ffmpeg.
  const fake = createFakePremiere({ media: options.wrapMedia ? options.wrapMedia(media) : media, version, ...(options.noFrames ? {} : { frames: nodeSequenceFrameRenderer }) });
  const clock = new ManualClock();
  const host = createPremiereHost(fake.ppro, { fileExists: media.exists, clock, ...options.host });
  const secure = new MemorySecureStorage();
  for (const [key, value] of Object.entries(PRIVATE.apiKeys)) secure.values.set(key, value);

  fake.openProject({ name: PRIVATE.projectName, path: PRIVATE.projectPath });
  const editorBin = fake.addBin(PRIVATE.binName);
  fake.addBin("Day 2", editorBin);
  fake.addClip(PRIVATE.clipPath, 12, editorBin);
  fake.addSequence({ name: `${PRIVATE.projectName} edit`, fps: 23.976 });
  options.arrange?.(fake);

  const deps: SelfCheckDeps = {
    ppro: fake.ppro,
    host,
    uxp: {
      host: { name: "premierepro", version },
      versions: { uxp: "8.3.0", plugin: "0.1.0" },
      storage: { secureStorage: secure, localFileSystem: { getTemporaryFolder: async () => ({ nativePath: scratch }) } },
    },
    fs,
    fetch: globalFetch(),
    webSocket: nodeWebSocket,
    relay: options.relay ?? null,
    clock,
    shotbinVersion: "0.1.0",
    os: { platform: () => "darwin", release: () => "24.5.0", arch: () => "arm64" },
    testClips: { mp4: join(ASSETS, SELF_CHECK_CLIP_FILES.mp4), mov: join(ASSETS, SELF_CHECK_CLIP_FILES.mov) },
  };

  const clickWhenAsked = options.clickWhenAsked ?? true;
  return {
    fake,
    host,
    clock,
    secure,
    scratch,
    deps,
    editorBin,
    run: (runOptions = {}) =>
      runSelfCheck(deps, {
        waitMs: 1000,
        ...runOptions,
        onProgress: (progress) => {
          if (progress.type === "waiting-for-user" && clickWhenAsked) fake.select([editorBin]);
          runOptions.onProgress?.(progress);
        },
      }),
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}
