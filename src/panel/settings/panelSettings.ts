/**
 * The panel's settings that are not secret, kept as JSON in UXP's localStorage and validated on
 * load. API keys and the relay token live in secureStorage instead (see keyNames.ts).
 */
import { PROVIDER_IDS } from "../../core/request";
import { z } from "../../core/zodConfig";
import { MediaError } from "../../core/errors";
import { renderFileName } from "../../media/fileNameTemplate";
import { COLOUR_LABELS } from "../../host/timelineHost";
import type { KeyValueStorage } from "../platform/panelPlatform";

export const SETTINGS_KEY = "shotbin.settings.v1";

/** Where new clips go inside the target bin. */
export const BIN_MODES = ["target", "daily", "fixed"] as const;
export type BinMode = (typeof BIN_MODES)[number];

const providerOverride = z.object({
  /** The API's base URL: a region, a gateway, or the harness's fake servers. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  enabled: z.boolean().optional(),
});

export const panelSettingsSchema = z.object({
  version: z.literal(1).default(1),
  defaultModel: z.object({ provider: z.enum(PROVIDER_IDS), model: z.string().min(1) }).optional(),
  fileNameTemplate: z.string().min(1).default("{shot}_{slug}_{model}_{seed}.mp4"),
  binMode: z.enum(BIN_MODES).default("daily"),
  fixedBinName: z.string().min(1).default("Shotbin"),
  /** Finished takes go straight into the project; off, they wait in Review. */
  autoImport: z.boolean().default(true),
  /** USD per calendar day (local time); no cap when absent. */
  dailyBudgetUsd: z.number().positive().optional(),
  mediaFolderPath: z.string().optional(),
  mediaFolderToken: z.string().optional(),
  relayUrl: z.url({ protocol: /^https?$/ }).optional(),
  providers: z.partialRecord(z.enum(PROVIDER_IDS), providerOverride).default({}),
  /**
   * Image routes switched on or off apart from the video ones (they share each provider's key and
   * base URL): OpenAI's Images API is on by default although its Videos API is off.
   */
  imageProviders: z.partialRecord(z.enum(PROVIDER_IDS), z.object({ enabled: z.boolean().optional() })).default({}),
  placeOnTimeline: z.boolean().default(false),
  /** 0-based video track for "place at playhead". */
  placeTrack: z.number().int().min(0).max(99).default(0),
  /** Label placed and imported clips by state (Premiere's label colours, one per state). */
  labelClips: z.boolean().default(true),
  labelColours: z
    .object({ generated: z.enum(COLOUR_LABELS), chosen: z.enum(COLOUR_LABELS), failedQa: z.enum(COLOUR_LABELS) })
    .default({ generated: "cerulean", chosen: "forest", failedQa: "rose" }),
  /** From timeline: open each finished take in the Source Monitor and wait for Place. */
  timelinePreview: z.boolean().default(false),
  /**
   * The built-in simulator's rehearsal knobs, not shown in Settings: its timings, and a phrase that
   * makes it refuse a prompt (to rehearse a failed shot). The browser harness sets them.
   */
  simulator: z
    .object({
      queueMs: z.number().int().min(0).max(600_000).optional(),
      runMs: z.number().int().min(0).max(600_000).optional(),
      refuseWhenPromptIncludes: z.string().min(1).optional(),
    })
    .optional(),
});

export type PanelSettings = z.output<typeof panelSettingsSchema>;

export function defaultSettings(): PanelSettings {
  return panelSettingsSchema.parse({});
}

export interface LoadedSettings {
  settings: PanelSettings;
  warning?: string;
}

/** Reads the settings; unreadable ones are kept aside under another key and defaults are used. */
export function loadSettings(storage: KeyValueStorage): LoadedSettings {
  const text = storage.getItem(SETTINGS_KEY);
  if (!text) return { settings: defaultSettings() };
  try {
    const result = panelSettingsSchema.safeParse(JSON.parse(text));
    if (result.success) return { settings: result.data };
    const issue = result.error.issues[0];
    throw new Error(`${issue?.path.join(".") || "settings"}: ${issue?.message ?? "invalid"}`);
  } catch (error) {
    storage.setItem(`${SETTINGS_KEY}.unreadable`, text);
    return {
      settings: defaultSettings(),
      warning: `Shotbin's settings could not be read (${error instanceof Error ? error.message : String(error)}) and were reset to the defaults. Check Settings; API keys are not affected.`,
    };
  }
}

export function saveSettings(storage: KeyValueStorage, settings: PanelSettings): void {
  storage.setItem(SETTINGS_KEY, JSON.stringify(panelSettingsSchema.parse(settings)));
}

const SAMPLE_NAME_VALUES = { shot: "G1", slug: "harbour at dawn", model: "veo-3.1", provider: "gemini", seed: 42, take: 1, date: "2026-01-01", aspect: "16x9", resolution: "1080p" };

/** Why a file-name template cannot be used, or undefined when it can. */
export function fileNameTemplateProblem(template: string): string | undefined {
  if (!template.trim()) return "Enter a file-name template, such as {shot}_{slug}_{model}_{seed}.mp4.";
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ""))) return `The file-name template '${template}' has a { or } without its partner; placeholders look like {shot}.`;
  try {
    fileNameExample(template);
    return undefined;
  } catch (error) {
    return error instanceof MediaError ? error.message : String(error);
  }
}

/** What the template makes of a sample shot (G1, take 1, "harbour at dawn", seed 42); throws what renderFileName throws. */
export function fileNameExample(template: string): string {
  return renderFileName(template, SAMPLE_NAME_VALUES);
}

/** The sub-bin path for new clips under the target bin, for this moment. */
export function binPathFor(settings: PanelSettings, now: number, shotList?: string): string[] {
  if (settings.binMode === "target") return [];
  if (shotList) return ["Shotbin", shotList];
  if (settings.binMode === "fixed") return [settings.fixedBinName.trim() || "Shotbin"];
  return ["Shotbin", localDate(now)];
}

export function localDate(now: number): string {
  const date = new Date(now);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
