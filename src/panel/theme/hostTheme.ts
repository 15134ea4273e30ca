/**
 * Premiere's UI brightness as the panel uses it. Premiere has three themes: light, dark and
 * darkest. UXP's names also include "lightest" and "medium" (other hosts); they map to the
 * nearest of the three. Anything unknown, or no theme API at all, is dark: Premiere's default.
 */
import type { UxpDocumentTheme } from "../uxp/uxpModule";

export const PANEL_THEMES = ["light", "dark", "darkest"] as const;
export type PanelTheme = (typeof PANEL_THEMES)[number];

export function panelThemeOf(name: string | undefined): PanelTheme {
  switch (name) {
    case "light":
    case "lightest":
      return "light";
    case "darkest":
      return "darkest";
    default:
      return "dark";
  }
}

/** The host's theme now; dark when the runtime has no `document.theme` or it throws. */
export function currentTheme(theme: UxpDocumentTheme | undefined): PanelTheme {
  try {
    return panelThemeOf(theme?.getCurrent());
  } catch {
    return "dark";
  }
}

/** The class that selects a theme's colours on the panel's root (ui/theme/themePalette.ts). */
export function themeClass(theme: PanelTheme): string {
  return `sb-theme-${theme}`;
}
