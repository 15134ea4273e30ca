/**
 * The panel's colours: one set of `--sb-*` CSS variables per Premiere theme, selected by the
 * `sb-theme-<theme>` class on the panel's root (the ThemeController follows the host). Every rule
 * in panelStyles.ts uses these variables; this file is the only place a colour value is written.
 *
 * Where UXP documents a host variable for a role, the token reads it first, so the panel takes
 * Premiere's own colour when Premiere provides it. UXP's list (Adobe, "Making your plugin
 * theme-aware", developer.adobe.com/photoshop/uxp/guides/theme-awareness): --uxp-host-background-color,
 * -text-color, -border-color, -link-text-color, -widget-hover-background-color,
 * -widget-hover-text-color, -widget-hover-border-color, -text-color-secondary,
 * -link-hover-text-color, -label-text-color, and three font sizes. Premiere sets only some of them
 * (Adobe's Premiere samples use --uxp-host-text-color and -secondary; bolt-uxp's README and its
 * src/api/theme.ts fill the rest in by hand), so each token's second value is Premiere's colour
 * for that theme, as bolt-uxp's Premiere palette (src/api/theme-premierepro.ts) records it.
 *
 * Links and status colours (error, success, warning) have no host variable the panel can trust:
 * Premiere's light-theme link blue (#147AF3 on #F8F8F8) is 3.9:1, under WCAG AA for 11-12 px text.
 * They are Spectrum's hues, darkened or lightened until each is at least 4.5:1 on every
 * background of its theme (test/panel/theme.test.ts computes it; the e2e contrast test checks
 * the rendered panel with axe-core).
 */
import { PANEL_THEMES, themeClass, type PanelTheme } from "../../theme/hostTheme";

/** A colour role and the UXP host variable that may provide it. */
export const TOKENS = {
  "--sb-bg": "--uxp-host-background-color",
  "--sb-text": "--uxp-host-text-color",
  "--sb-text-secondary": "--uxp-host-text-color-secondary",
  "--sb-border": "--uxp-host-border-color",
  /** Boxes, notices, table heads: a step away from the background. */
  "--sb-surface": undefined,
  /** Code and report text wells. */
  "--sb-well": undefined,
  "--sb-link": undefined,
  /** The active tab's underline, a selected chip, a progress fill. */
  "--sb-accent": undefined,
  "--sb-on-accent": undefined,
  "--sb-negative": undefined,
  "--sb-positive": undefined,
  "--sb-notice": undefined,
  /** Letterbox behind a playing clip: black in every theme, as in Premiere's monitors. */
  "--sb-video": undefined,
} as const satisfies Record<string, string | undefined>;

export type ThemeToken = keyof typeof TOKENS;
export type ThemePalette = Record<ThemeToken, string>;

export const THEME_PALETTES: Record<PanelTheme, ThemePalette> = {
  light: {
    "--sb-bg": "#F8F8F8",
    "--sb-text": "#464646",
    "--sb-text-secondary": "#6D6D6D",
    "--sb-border": "#E6E6E6",
    "--sb-surface": "#F0F0F0",
    "--sb-well": "#FFFFFF",
    "--sb-link": "#0265DC",
    "--sb-accent": "#0265DC",
    "--sb-on-accent": "#FFFFFF",
    "--sb-negative": "#C9252D",
    "--sb-positive": "#0D7150",
    "--sb-notice": "#A8450C",
    "--sb-video": "#000000",
  },
  dark: {
    "--sb-bg": "#323232",
    "--sb-text": "#D1D1D1",
    "--sb-text-secondary": "#B2B2B2",
    "--sb-border": "#3F3F3F",
    "--sb-surface": "#292929",
    "--sb-well": "#1D1D1D",
    "--sb-link": "#54A3F6",
    "--sb-accent": "#0367E0",
    "--sb-on-accent": "#FFFFFF",
    "--sb-negative": "#FF7B72",
    "--sb-positive": "#4BC98A",
    "--sb-notice": "#F29423",
    "--sb-video": "#000000",
  },
  darkest: {
    "--sb-bg": "#1D1D1D",
    "--sb-text": "#D0D0D0",
    "--sb-text-secondary": "#B0B0B0",
    "--sb-border": "#303030",
    "--sb-surface": "#262626",
    "--sb-well": "#0E0E0E",
    "--sb-link": "#4096F3",
    "--sb-accent": "#066CE7",
    "--sb-on-accent": "#FFFFFF",
    "--sb-negative": "#FF7B72",
    "--sb-positive": "#4BC98A",
    "--sb-notice": "#F29423",
    "--sb-video": "#000000",
  },
};

/** The token's value in a theme: the host's variable when UXP documents one, else the palette's colour. */
export function tokenValue(theme: PanelTheme, token: ThemeToken): string {
  const host = TOKENS[token];
  const colour = THEME_PALETTES[theme][token];
  return host ? `var(${host}, ${colour})` : colour;
}

/** `.sb-theme-light { --sb-bg: var(--uxp-host-background-color, #F8F8F8); … }` for every theme. */
export function themeCss(): string {
  return PANEL_THEMES.map((theme) => {
    const declarations = (Object.keys(TOKENS) as ThemeToken[]).map((token) => `${token}: ${tokenValue(theme, token)};`).join(" ");
    return `.${themeClass(theme)} { ${declarations} }`;
  }).join("\n");
}
