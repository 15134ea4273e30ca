/**
 * The panel's settings: loaded from localStorage at start, validated and saved on every change,
 * mirrored in the store. Controllers that depend on a setting (the provider registry, say) watch
 * the store; nothing here knows them.
 */
import { fileNameTemplateProblem, loadSettings, panelSettingsSchema, saveSettings, type PanelSettings } from "../settings/panelSettings";
import type { KeyValueStorage } from "../platform/panelPlatform";
import type { PanelStore } from "../state/panelStore";
import type { SettingsWriter } from "./panelServices";

export class SettingsController implements SettingsWriter {
  constructor(
    private readonly store: PanelStore,
    private readonly storage: KeyValueStorage,
  ) {}

  /** Reads the saved settings into the store; returns a warning when some could not be used. */
  load(): string | undefined {
    const loaded = loadSettings(this.storage);
    this.store.setState({ settings: loaded.settings });
    return loaded.warning;
  }

  update(patch: Partial<PanelSettings>): string | undefined {
    const next = { ...this.store.getState().settings, ...patch };
    if (patch.fileNameTemplate !== undefined) {
      const problem = fileNameTemplateProblem(patch.fileNameTemplate);
      if (problem) return problem;
    }
    const parsed = panelSettingsSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return `${issue?.path.join(".") || "setting"}: ${issue?.message ?? "invalid"}`;
    }
    saveSettings(this.storage, parsed.data);
    this.store.setState({ settings: parsed.data });
    return undefined;
  }
}
