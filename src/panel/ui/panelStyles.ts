/**
 * The panel's stylesheet. UXP supports only flexbox layout (no grid), no transitions, no `font`
 * shorthand and no `text-transform`; colours follow Premiere's dark theme, reading UXP's host
 * variables where Premiere provides them.
 */
export const PANEL_CSS = `
.sb-root { display: flex; flex-direction: column; height: 100%; min-height: 0; color: var(--uxp-host-text-color, #d8d8d8); background-color: var(--uxp-host-background-color, #232323); font-size: 12px; }
.sb-tabs { display: flex; flex-direction: row; flex-wrap: wrap; padding: 4px 6px 0 6px; border-bottom: 1px solid #3e3e3e; }
.sb-tab { padding: 6px 10px; color: var(--uxp-host-text-color-secondary, #a8a8a8); border-bottom: 2px solid transparent; cursor: pointer; }
.sb-tab-active { color: var(--uxp-host-text-color, #f0f0f0); border-bottom-color: #2680eb; }
.sb-body { display: flex; flex-direction: column; flex: 1 1 auto; min-height: 0; overflow-y: auto; padding: 8px 10px; }
.sb-section { display: flex; flex-direction: column; margin-bottom: 12px; }
.sb-row { display: flex; flex-direction: row; align-items: center; }
.sb-row-wrap { display: flex; flex-direction: row; flex-wrap: wrap; align-items: flex-start; }
.sb-gap > * { margin-right: 6px; }
.sb-field { display: flex; flex-direction: column; margin-bottom: 8px; flex: 1 1 120px; min-width: 110px; padding-right: 6px; }
.sb-label { color: var(--uxp-host-text-color-secondary, #a8a8a8); font-size: 11px; margin-bottom: 3px; }
.sb-hint { color: #8a8a8a; font-size: 11px; margin-top: 2px; }
.sb-issue { color: #f29423; font-size: 11px; margin-top: 2px; }
.sb-error { color: #ff6b6b; }
.sb-ok { color: #4bc98a; }
.sb-muted { color: #8a8a8a; }
.sb-strong { font-weight: bold; }
.sb-cost { font-size: 13px; font-weight: bold; margin: 6px 0; }
.sb-box { border: 1px solid #3e3e3e; border-radius: 4px; padding: 6px 8px; margin-bottom: 8px; background-color: #2b2b2b; }
.sb-notices { display: flex; flex-direction: column; padding: 0 6px; }
.sb-notice { display: flex; flex-direction: row; align-items: flex-start; padding: 6px 8px; margin-top: 4px; border-radius: 4px; border-left: 3px solid #6e6e6e; background-color: #2f2f2f; }
.sb-notice-text { flex: 1 1 auto; }
.sb-notice-info { border-left-color: #2680eb; }
.sb-notice-success { border-left-color: #2d9d78; }
.sb-notice-warning { border-left-color: #e68619; }
.sb-notice-error { border-left-color: #e34850; }
.sb-close { cursor: pointer; padding: 0 4px; color: #a8a8a8; }
.sb-list { flex: 1 1 auto; min-height: 120px; overflow-y: auto; }
.sb-job { display: flex; flex-direction: column; justify-content: center; height: 64px; padding: 0 4px; border-bottom: 1px solid #333333; }
.sb-job-line { display: flex; flex-direction: row; align-items: center; justify-content: space-between; overflow: hidden; white-space: nowrap; }
.sb-ellipsis { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-link { color: #6fa8ff; cursor: pointer; margin-left: 8px; }
.sb-filters { display: flex; flex-direction: row; flex-wrap: wrap; margin-bottom: 6px; }
.sb-chip { padding: 2px 8px; margin: 0 4px 4px 0; border: 1px solid #4a4a4a; border-radius: 10px; cursor: pointer; color: #bdbdbd; }
.sb-chip-on { background-color: #2680eb; border-color: #2680eb; color: #ffffff; }
.sb-take { display: flex; flex-direction: column; margin-bottom: 12px; }
.sb-video { width: 100%; max-height: 220px; background-color: #000000; }
.sb-status-dot { width: 8px; height: 8px; border-radius: 4px; margin-right: 6px; background-color: #6e6e6e; }
.sb-dot-live { background-color: #2d9d78; }
.sb-dot-warn { background-color: #e68619; }
.sb-dot-bad { background-color: #e34850; }
.sb-table { display: flex; flex-direction: column; border: 1px solid #3e3e3e; border-radius: 4px; margin-bottom: 8px; }
.sb-tr { display: flex; flex-direction: column; padding: 4px 6px; border-bottom: 1px solid #333333; }
.sb-tr-head { color: var(--uxp-host-text-color-secondary, #a8a8a8); font-size: 11px; background-color: #2b2b2b; }
.sb-tr-blocked { border-left: 3px solid #e34850; }
.sb-cells { display: flex; flex-direction: row; align-items: center; }
.sb-cell { flex: 0 0 auto; padding-right: 6px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-cell-grow { flex: 1 1 auto; min-width: 0; }
.sb-sub { color: #8a8a8a; font-size: 11px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.sb-pass { color: #4bc98a; }
.sb-fail { color: #ff6b6b; }
.sb-skip { color: #e6a23c; }
.sb-pre { white-space: pre-wrap; font-family: Menlo, Consolas, monospace; font-size: 10px; max-height: 240px; overflow-y: auto; border: 1px solid #3e3e3e; padding: 6px; background-color: #1c1c1c; }
.sb-center { display: flex; flex-direction: column; align-items: center; justify-content: center; flex: 1 1 auto; padding: 20px; }
`;

let installed = false;

export function installPanelStyles(document: Document): void {
  if (installed) return;
  installed = true;
  const style = document.createElement("style");
  style.textContent = PANEL_CSS;
  (document.head ?? document.body ?? document.documentElement).appendChild(style);
}
