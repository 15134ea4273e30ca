/**
 * The panel's stylesheet. UXP supports only flexbox layout (no grid), no transitions, no `font`
 * shorthand and no `text-transform`. Colours are the `--sb-*` variables of the host's theme
 * (theme/themePalette.ts); no rule here names a colour of its own.
 */
import { themeCss } from "./theme/themePalette";

export const PANEL_RULES = `
.sb-root { display: flex; flex-direction: column; height: 100%; min-height: 0; color: var(--sb-text); background-color: var(--sb-bg); font-size: 12px; }
.sb-tabs { display: flex; flex-direction: row; flex-wrap: wrap; padding: 4px 6px 0 6px; border-bottom: 1px solid var(--sb-border); }
.sb-tab { padding: 6px 10px; color: var(--sb-text-secondary); border-bottom: 2px solid transparent; cursor: pointer; }
.sb-tab-active { color: var(--sb-text); border-bottom-color: var(--sb-accent); }
.sb-body { display: flex; flex-direction: column; flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 8px 10px; }
.sb-section { display: flex; flex-direction: column; margin-bottom: 12px; }
.sb-row { display: flex; flex-direction: row; align-items: center; }
.sb-row-wrap { display: flex; flex-direction: row; flex-wrap: wrap; align-items: flex-start; }
.sb-gap > * { margin-right: 6px; }
.sb-field { display: flex; flex-direction: column; margin-bottom: 8px; flex: 1 1 120px; min-width: 110px; padding-right: 6px; }
.sb-label { color: var(--sb-text-secondary); font-size: 11px; margin-bottom: 3px; }
.sb-hint { color: var(--sb-text-secondary); font-size: 11px; margin-top: 2px; }
.sb-issue { color: var(--sb-notice); font-size: 11px; margin-top: 2px; }
.sb-error { color: var(--sb-negative); }
.sb-ok { color: var(--sb-positive); }
.sb-muted { color: var(--sb-text-secondary); }
.sb-strong { font-weight: bold; }
.sb-cost { font-size: 13px; font-weight: bold; margin: 6px 0; }
.sb-box { border: 1px solid var(--sb-border); border-radius: 4px; padding: 6px 8px; margin-bottom: 8px; background-color: var(--sb-surface); }
.sb-notices { display: flex; flex-direction: column; padding: 0 6px; }
.sb-notice { display: flex; flex-direction: row; align-items: flex-start; padding: 6px 8px; margin-top: 4px; border-radius: 4px; border-left: 3px solid var(--sb-text-secondary); background-color: var(--sb-surface); }
.sb-notice-text { flex: 1 1 auto; }
.sb-notice-info { border-left-color: var(--sb-accent); }
.sb-notice-success { border-left-color: var(--sb-positive); }
.sb-notice-warning { border-left-color: var(--sb-notice); }
.sb-notice-error { border-left-color: var(--sb-negative); }
.sb-close { cursor: pointer; padding: 0 4px; color: var(--sb-text-secondary); }
.sb-list { flex: 1 1 auto; min-height: 120px; overflow-y: auto; }
.sb-job { display: flex; flex-direction: column; justify-content: center; height: 64px; padding: 0 4px; border-bottom: 1px solid var(--sb-border); }
.sb-job-line { display: flex; flex-direction: row; align-items: center; justify-content: space-between; overflow: hidden; white-space: nowrap; }
.sb-ellipsis { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-link { color: var(--sb-link); cursor: pointer; margin-left: 8px; }
.sb-filters { display: flex; flex-direction: row; flex-wrap: wrap; margin-bottom: 6px; }
.sb-chip { padding: 2px 8px; margin: 0 4px 4px 0; border: 1px solid var(--sb-text-secondary); border-radius: 10px; cursor: pointer; color: var(--sb-text); }
.sb-chip-on { background-color: var(--sb-accent); border-color: var(--sb-accent); color: var(--sb-on-accent); }
.sb-take { display: flex; flex-direction: column; margin-bottom: 12px; }
.sb-video { width: 100%; max-height: 220px; background-color: var(--sb-video); }
.sb-status-dot { width: 8px; height: 8px; border-radius: 4px; margin-right: 6px; background-color: var(--sb-text-secondary); }
.sb-dot-live { background-color: var(--sb-positive); }
.sb-dot-warn { background-color: var(--sb-notice); }
.sb-dot-bad { background-color: var(--sb-negative); }
.sb-table { display: flex; flex-direction: column; border: 1px solid var(--sb-border); border-radius: 4px; margin-bottom: 8px; }
.sb-tr { display: flex; flex-direction: column; padding: 4px 6px; border-bottom: 1px solid var(--sb-border); }
.sb-tr-head { color: var(--sb-text-secondary); font-size: 11px; background-color: var(--sb-surface); }
.sb-tr-blocked { border-left: 3px solid var(--sb-negative); }
.sb-cells { display: flex; flex-direction: row; align-items: center; }
.sb-cell { flex: 0 0 auto; padding-right: 6px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-cell-grow { flex: 1 1 auto; min-width: 0; }
.sb-sub { color: var(--sb-text-secondary); font-size: 11px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-pass { color: var(--sb-positive); }
.sb-fail { color: var(--sb-negative); }
.sb-skip { color: var(--sb-notice); }
.sb-pre { white-space: pre-wrap; font-family: Menlo, Consolas, monospace; font-size: 10px; max-height: 240px; overflow-y: auto; border: 1px solid var(--sb-border); padding: 6px; color: var(--sb-text); background-color: var(--sb-well); }
.sb-tiles { display: flex; flex-direction: row; flex-wrap: wrap; align-items: flex-start; }
.sb-tile { display: flex; flex-direction: column; width: 150px; margin: 0 6px 6px 0; padding: 4px; border: 1px solid var(--sb-border); border-radius: 4px; background-color: var(--sb-surface); cursor: pointer; }
.sb-tile-picked { border: 2px solid var(--sb-accent); padding: 3px; }
.sb-thumb { width: 100%; height: 84px; margin-bottom: 4px; background-color: var(--sb-video); }
.sb-thumb-empty { display: flex; align-items: center; justify-content: center; color: var(--sb-text-secondary); background-color: var(--sb-well); font-size: 11px; }
.sb-pick-thumb { width: 160px; height: 90px; background-color: var(--sb-video); }
.sb-qa-badge { padding: 0 6px; border: 1px solid var(--sb-border); border-radius: 8px; font-weight: bold; font-size: 11px; margin-left: 6px; }
.sb-qa-strip { display: flex; flex-direction: column; margin-top: 4px; }
.sb-qa-frame { width: 33%; height: 54px; margin-right: 1px; background-color: var(--sb-video); }
.sb-qa-curves { margin-top: 2px; border: 1px solid var(--sb-border); background-color: var(--sb-well); }
.sb-qa-luma { fill: none; stroke: var(--sb-text); stroke-width: 1.2; }
.sb-qa-cct { fill: none; stroke: var(--sb-link); stroke-width: 1.2; }
.sb-qa-key-cct { color: var(--sb-link); }
.sb-qa-span-fail { fill: var(--sb-negative); opacity: 0.25; }
.sb-qa-span-warn { fill: var(--sb-notice); opacity: 0.25; }
.sb-qa-defect { margin-top: 2px; }
.sb-qa-sev { font-size: 11px; width: 30px; }
.sb-qa-time { margin: 0 6px 0 0; white-space: nowrap; }
.sb-center { display: flex; flex-direction: column; align-items: center; justify-content: center; flex: 1 1 auto; padding: 20px; }
`;

export const PANEL_CSS = `${themeCss()}\n${PANEL_RULES}`;

let installed = false;

export function installPanelStyles(document: Document): void {
  if (installed) return;
  installed = true;
  const style = document.createElement("style");
  style.textContent = PANEL_CSS;
  (document.head ?? document.body ?? document.documentElement).appendChild(style);
}
