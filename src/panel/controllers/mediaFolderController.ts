/**
 * The media folder: where paid clips are downloaded and kept. Chosen once with the folder picker,
 * saved as a persistent token (so the next session reopens it without asking) and shown in the
 * store as a path, or as a problem to fix.
 */
import { describeError } from "../../core/errors";
import { pickFolder, restoreFolder } from "../platform/filePicking";
import type { UxpModule } from "../uxp/uxpModule";
import type { PanelStore } from "../state/panelStore";
import type { SettingsWriter } from "./panelServices";

export class MediaFolderController {
  constructor(
    private readonly store: PanelStore,
    private readonly uxp: UxpModule,
    private readonly settings: SettingsWriter,
  ) {}

  /** The folder saved in Settings, reopened from its token. */
  async restore(): Promise<void> {
    const token = this.store.getState().settings.mediaFolderToken;
    if (!token) return;
    try {
      this.store.setState({ mediaFolder: await restoreFolder(this.uxp, token), mediaFolderProblem: undefined });
    } catch (error) {
      this.store.setState({ mediaFolder: undefined, mediaFolderProblem: describeError(error) });
    }
  }

  async choose(): Promise<void> {
    try {
      const picked = await pickFolder(this.uxp);
      if (!picked) return;
      const problem = this.settings.update({ mediaFolderPath: picked.path, mediaFolderToken: picked.token });
      if (problem) throw new Error(problem);
      this.store.setState({ mediaFolder: picked.path, mediaFolderProblem: undefined, generateProblem: undefined });
    } catch (error) {
      this.store.setState({ mediaFolderProblem: `The folder was not set: ${describeError(error)}` });
    }
  }

  /** The folder for the pipeline; a clear error when none is chosen. */
  require(): string {
    const folder = this.store.getState().mediaFolder;
    if (!folder) throw new Error("No media folder is chosen. Choose one in Settings, then choose Resume in Jobs.");
    return folder;
  }
}
