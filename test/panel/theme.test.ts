/**
 * The panel's colours follow Premiere's theme: no rule or component names a colour of its own,
 * each theme's palette keeps WCAG AA contrast for every text colour on every background it is
 * drawn on, and the ThemeController follows `document.theme` and its updates. (The rendered panel
 * is checked with axe-core in test/e2e/theme.e2e.test.ts.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { ThemeController } from "../../src/panel/controllers/themeController";
import { createPanelStore } from "../../src/panel/state/panelStore";
import { emptyDraft } from "../../src/panel/runtime/generateDraft";
import { findModel } from "../../src/providers/catalog";
import { currentTheme, PANEL_THEMES, panelThemeOf } from "../../src/panel/theme/hostTheme";
import { PANEL_CSS, PANEL_RULES } from "../../src/panel/ui/panelStyles";
import { THEME_PALETTES, themeCss, type ThemeToken } from "../../src/panel/ui/theme/themePalette";
import type { UxpDocumentTheme } from "../../src/panel/uxp/uxpModule";

const ROOT = path.join(__dirname, "..", "..");
const COLOUR_LITERAL = /#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|:\s*(white|black|red|green|blue|gray|grey|orange|yellow|silver)\b/;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

function documentTheme(initial: string) {
  let current = initial;
  const listeners = new Set<(theme: string) => void>();
  const theme: UxpDocumentTheme = {
    getCurrent: () => current,
    onUpdated: { addListener: (listener) => void listeners.add(listener), removeListener: (listener) => void listeners.delete(listener) },
  };
  return {
    theme,
    listeners,
    change(next: string) {
      current = next;
      listeners.forEach((listener) => listener(next));
    },
  };
}

describe("the panel's colours", () => {
  it("are theme variables in every rule, component and the plugin page; the palette is the only place a colour is written", () => {
    expect(PANEL_RULES).not.toMatch(COLOUR_LITERAL);
    expect(PANEL_RULES).toMatch(/var\(--sb-text\)/);
    const offenders = [...filesUnder(path.join(ROOT, "src", "panel")), path.join(ROOT, "plugin", "index.html"), path.join(ROOT, "plugin", "main.tsx")]
      .filter((file) => /\.(tsx?|html)$/.test(file) && !file.endsWith(path.join("ui", "theme", "themePalette.ts")))
      .filter((file) => COLOUR_LITERAL.test(readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("prefer Premiere's host variables where UXP documents one, with the theme's own colour after it", () => {
    const css = themeCss();
    for (const theme of PANEL_THEMES) expect(css).toContain(`.sb-theme-${theme} {`);
    expect(css).toContain("--sb-bg: var(--uxp-host-background-color, #F8F8F8);");
    expect(css).toContain("--sb-text: var(--uxp-host-text-color, #D1D1D1);");
    expect(css).toContain("--sb-negative: #FF7B72;");
    expect(PANEL_CSS.startsWith(css)).toBe(true);
  });

  it("keep every text colour at WCAG AA (4.5:1) on every background of its theme", () => {
    const texts: ThemeToken[] = ["--sb-text", "--sb-text-secondary", "--sb-link", "--sb-negative", "--sb-positive", "--sb-notice"];
    const backgrounds: ThemeToken[] = ["--sb-bg", "--sb-surface", "--sb-well"];
    const below: string[] = [];
    for (const theme of PANEL_THEMES) {
      const palette = THEME_PALETTES[theme];
      for (const text of texts) {
        for (const background of backgrounds) {
          const ratio = contrast(palette[text], palette[background]);
          if (ratio < 4.5) below.push(`${theme}: ${text} on ${background} is ${ratio.toFixed(2)}:1`);
        }
      }
      const onAccent = contrast(palette["--sb-on-accent"], palette["--sb-accent"]);
      if (onAccent < 4.5) below.push(`${theme}: --sb-on-accent on --sb-accent is ${onAccent.toFixed(2)}:1`);
    }
    expect(below).toEqual([]);
    // Light is light and dark is dark.
    expect(luminance(THEME_PALETTES.light["--sb-bg"])).toBeGreaterThan(0.8);
    expect(luminance(THEME_PALETTES.dark["--sb-bg"])).toBeLessThan(0.05);
    expect(luminance(THEME_PALETTES.darkest["--sb-bg"])).toBeLessThan(luminance(THEME_PALETTES.dark["--sb-bg"]));
  });
});

describe("the ThemeController", () => {
  const store = () => createPanelStore(emptyDraft(findModel("simulator", "shotbin-sim")!));

  it("takes the host's theme at start and follows each change until stopped", () => {
    const host = documentTheme("light");
    const panel = store();
    const controller = new ThemeController(panel, host.theme);
    controller.start();
    expect(panel.getState().theme).toBe("light");
    host.change("darkest");
    expect(panel.getState().theme).toBe("darkest");
    host.change("lightest");
    expect(panel.getState().theme).toBe("light");
    host.change("medium");
    expect(panel.getState().theme).toBe("dark");
    controller.stop();
    expect(host.listeners.size).toBe(0);
    host.change("light");
    expect(panel.getState().theme).toBe("dark");
  });

  it("stays dark where the runtime has no theme, or its theme API throws, and listens once however often it starts", () => {
    const panel = store();
    new ThemeController(panel, undefined).start();
    expect(panel.getState().theme).toBe("dark");
    expect(currentTheme({ getCurrent: () => { throw new Error("no theme"); }, onUpdated: { addListener: () => undefined, removeListener: () => undefined } })).toBe("dark");
    expect(panelThemeOf("something new")).toBe("dark");
    const host = documentTheme("light");
    const controller = new ThemeController(store(), host.theme);
    controller.start();
    controller.start();
    expect(host.listeners.size).toBe(1);
  });
});
