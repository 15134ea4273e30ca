/**
 * The harness page: stand-ins for UXP's `uxp` and `fs` and for its Spectrum widgets, the fake
 * Premiere with a small project, the live project view, and then the real panel bundle
 * (dist/index.js) loaded exactly as UXP loads it. `window.shotbinHarness` is what the toolbar and
 * the browser tests use.
 */
import { fileBackedMediaStore } from "../../diagnostics/fileBackedMediaStore";
import { createFakePremiere, type FakePremiere } from "../../host/fake/createFakePremiere";
import type { FakeSnapshot } from "../../host/fake/fakeSnapshot";
import { ProjectItemIndex } from "../../host/premiere/projectItems";
import { removeProjectItems } from "../../host/premiere/scratchItems";
import { uxpFileSystem } from "../../media/uxpFileSystem";
import { RELAY_TOKEN_KEY } from "../../panel/settings/keyNames";
import { loadSettings, saveSettings, type PanelSettings } from "../../panel/settings/panelSettings";
import { panelThemeOf, type PanelTheme } from "../../panel/theme/hostTheme";
import { fakeProviderSettings } from "../../providers/registry";
import type { HarnessInfo } from "../harnessServer";
import { chooseFileDialog } from "./filePickerDialog";
import { harnessFrameRenderer } from "./frameRenderer";
import { createFsStandIn } from "./fsStandIn";
import { mountProjectView } from "./projectView";
import { defineSpectrumWidgets } from "./spectrumWidgets";
import { createThemeStandIn, type ThemeOptions } from "./themeStandIn";
import { defineCommonJs, loadScript, removeGlobalsUxpLacks } from "./uxpGlobals";
import { clearSecrets, createUxpStandIn, storeSecret } from "./uxpStandIn";

export interface ShotbinHarness {
  info: HarnessInfo;
  premiere: FakePremiere;
  snapshot(): FakeSnapshot;
  /** Ids of the bins and sequence the harness project starts with. */
  project: { rootId: string; footageBinId: string; shotsBinId: string; sequenceId: string };
  removedGlobals: string[];
  logLines: string[];
  /** Resolves once UXP's `entrypoints.setup` ran and the panel was created. */
  panelCreated: Promise<void>;
  /**
   * Points every provider at the fake servers and, unless told not to, stores the fakes' keys and
   * the relay's URL and token too (`keys: false` and `relay: false` leave those to be entered in
   * Settings); reloads unless told not to.
   */
  useFakeProviders(options?: { reload?: boolean; keys?: boolean; relay?: boolean }): void;
  useSimulatorOnly(options?: { reload?: boolean }): void;
  resetStorage(): void;
  /**
   * The next file the file picker answers with: a full path, or a name in the folder for the kind
   * asked for (images, or the shot-list folder with the bundled examples). A file of a type the
   * panel did not ask for is refused, as UXP's picker would never offer it.
   */
  queuePickedFile(name: string): void;
  /** The simulator's timings and refusal phrase (Settings' hidden rehearsal knobs); reloads unless told not to. */
  useSimulatorOptions(simulator: NonNullable<PanelSettings["simulator"]>, options?: { reload?: boolean }): void;
  /** What the panel last put on the clipboard (UXP's `navigator.clipboard.setContent`). */
  clipboardText(): string | undefined;
  /** Deletes a project item (a clip, or a bin with everything in it), as the editor does in the Project panel. */
  removeProjectItem(id: string): Promise<void>;
  /** Switches Premiere's brightness as the editor would: `document.theme` and its event, the host's CSS variables. Kept across reloads. */
  setTheme(theme: PanelTheme, options?: ThemeOptions): void;
}

declare global {
  interface Window {
    shotbinHarness: ShotbinHarness;
  }
}

const THEME_KEY = "harness.theme";

async function main(): Promise<void> {
  const info = (await (await fetch("/api/harness")).json()) as HarnessInfo;
  const logElement = document.getElementById("hx-log") as HTMLElement;
  const logLines: string[] = [];
  const log = (line: string) => {
    logLines.push(line);
    logElement.textContent = logLines.slice(-40).join("\n");
  };

  defineSpectrumWidgets();
  const theme = createThemeStandIn(document.documentElement, panelThemeOf(localStorage.getItem(THEME_KEY) ?? "dark"));
  Object.defineProperty(document, "theme", { configurable: true, value: theme });
  const fs = createFsStandIn();
  // "Premiere" imports the real files: their real length, and the XMP the media pipeline embedded.
  const media = fileBackedMediaStore(uxpFileSystem(fs));
  const premiere = createFakePremiere({ media, frames: harnessFrameRenderer });
  const { rootId } = premiere.openProject({ name: "Harness Project", path: "/Harness/Harness Project.prproj" });
  const footageBinId = premiere.addBin("Footage");
  const shotsBinId = premiere.addBin("Shots");
  const sequenceId = premiere.addSequence({ name: "Main Edit", fps: 25, videoTracks: 3 });
  premiere.setPlayhead(sequenceId, 50);
  premiere.select([shotsBinId]);
  mountProjectView(document.getElementById("hx-project-view") as HTMLElement, premiere);

  let created: () => void = () => undefined;
  const panelCreated = new Promise<void>((resolve) => (created = resolve));
  const uxp = createUxpStandIn({
    fs,
    mediaFolder: info.folders.media,
    imagesFolder: info.folders.images,
    listsFolder: info.folders.lists,
    choose: chooseFileDialog,
    tempFolder: info.folders.temp,
    log,
    onSetup(panels) {
      const hooks = panels.shotbinPanel;
      if (!hooks) throw new Error("The bundle registered no shotbinPanel; check manifest.json's entrypoint id.");
      const root = document.getElementById("hx-panel-root") as HTMLElement;
      log("entrypoints.setup → create(), show()");
      void Promise.resolve(hooks.create?.(root))
        .then(() => hooks.show?.(root))
        .then(() => created());
    },
  });

  let clipboard: string | undefined;
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: {
      async setContent(data: Record<string, string>) {
        clipboard = data["text/plain"];
        log(`clipboard.setContent (${clipboard?.length ?? 0} characters)`);
      },
    },
  });

  const reloadUnless = (options?: { reload?: boolean }) => {
    if (options?.reload !== false) location.reload();
  };
  const harness: ShotbinHarness = {
    info,
    premiere,
    snapshot: () => premiere.snapshot(),
    project: { rootId, footageBinId, shotsBinId, sequenceId },
    removedGlobals: [],
    logLines,
    panelCreated,
    useFakeProviders(options) {
      const { settings } = loadSettings(localStorage);
      const providers = Object.fromEntries(Object.entries(fakeProviderSettings(info.fakeOrigin)).map(([id, value]) => [id, { baseUrl: value.baseUrl }]));
      const relay = options?.relay !== false;
      saveSettings(localStorage, { ...settings, providers, ...(relay ? { relayUrl: info.relayUrl } : {}) });
      if (options?.keys !== false) for (const [name, value] of Object.entries(info.fakeKeys)) storeSecret(name, value);
      if (relay) storeSecret(RELAY_TOKEN_KEY, info.relayToken);
      reloadUnless(options);
    },
    useSimulatorOnly(options) {
      const { settings } = loadSettings(localStorage);
      saveSettings(localStorage, { ...settings, providers: {}, relayUrl: undefined });
      clearSecrets();
      reloadUnless(options);
    },
    resetStorage() {
      localStorage.clear();
      location.reload();
    },
    queuePickedFile: (name) => uxp.pickerQueue.push(name),
    useSimulatorOptions(simulator, options) {
      const { settings } = loadSettings(localStorage);
      saveSettings(localStorage, { ...settings, simulator });
      reloadUnless(options);
    },
    clipboardText: () => clipboard,
    async removeProjectItem(id) {
      const project = await premiere.ppro.Project.getActiveProject();
      if (!project) throw new Error("No project is open.");
      const item = await new ProjectItemIndex(premiere.ppro).find(project, id);
      if (!item) throw new Error(`The project has no item ${id}.`);
      removeProjectItems(premiere.ppro, project, [item], "Harness: delete item");
    },
    setTheme(name, options) {
      localStorage.setItem(THEME_KEY, name);
      theme.set(name, options);
      log(`document.theme → ${name}${options?.hostVariables === false ? " (no --uxp-host-* variables)" : ""}`);
    },
  };
  window.shotbinHarness = harness;

  const mode = document.getElementById("hx-mode") as HTMLElement;
  const settings = loadSettings(localStorage).settings;
  mode.textContent = settings.relayUrl ? "Fake providers + relay" : "Simulator only";
  document.getElementById("hx-fakes")?.addEventListener("click", () => harness.useFakeProviders());
  document.getElementById("hx-simulator")?.addEventListener("click", () => harness.useSimulatorOnly());
  document.getElementById("hx-reset")?.addEventListener("click", () => harness.resetStorage());
  for (const name of ["light", "dark", "darkest"] as const) document.getElementById(`hx-theme-${name}`)?.addEventListener("click", () => harness.setTheme(name));

  harness.removedGlobals = removeGlobalsUxpLacks();
  log(`removed ${harness.removedGlobals.join(", ")}`);
  // UXP's `os`, as far as a browser can tell.
  const os = { platform: () => `browser (${navigator.platform || "unknown"})`, release: () => "harness", arch: () => "unknown" };
  defineCommonJs({ uxp, fs, premierepro: premiere.ppro, os }, "/plugin/");
  performance.mark("harness:bundle-start");
  await loadScript("/plugin/index.js");
}

main().catch((error: unknown) => {
  const view = document.getElementById("hx-project-view");
  if (view) view.textContent = `The harness failed to start: ${error instanceof Error ? error.stack : String(error)}`;
});
