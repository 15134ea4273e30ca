/** The harness page: the panel on the left (UXP's panel node), the fake project on the right. */
export function harnessPageHtml(): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Shotbin harness</title>
<style>
  /* The page follows the theme the harness plays (data-uxp-theme, set by page/themeStandIn.ts); --sp-* colour the Spectrum widget stand-ins. */
  :root, :root[data-uxp-theme="dark"] {
    --hx-page: #1b1b1b; --hx-text: #d8d8d8; --hx-strong: #eeeeee; --hx-dim: #9a9a9a; --hx-bar: #2a2a2a; --hx-line: #3a3a3a;
    --hx-button: #3a3a3a; --hx-button-hover: #474747; --hx-button-text: #e8e8e8; --hx-button-line: #555555; --hx-mode: #99aadd;
    --hx-frame-title: #323232; --hx-panel: #323232; --hx-hover: #333333; --hx-selected: #2d4f7c; --hx-head: #2c2c2c;
    --hx-ruler: #262626; --hx-track: #202020; --hx-item: #3b6ea8; --hx-item-line: #6d9fd8; --hx-playhead: #e34850;
    --sp-text: #d1d1d1; --sp-field: #1e1e1e; --sp-field-text: #e0e0e0; --sp-field-line: #8a8a8a; --sp-invalid: #e68619; --sp-focus: #2680eb;
    --sp-button-line: #8a8a8a; --sp-cta: #0367e0; --sp-on-cta: #ffffff; --sp-quiet: #6fa8ff; --sp-track: #4a4a4a; --sp-fill: #2680eb;
  }
  :root[data-uxp-theme="darkest"] {
    --hx-page: #0e0e0e; --hx-bar: #1d1d1d; --hx-line: #303030; --hx-frame-title: #262626; --hx-panel: #1d1d1d; --hx-head: #1d1d1d;
    --hx-ruler: #161616; --hx-track: #121212; --sp-field: #0e0e0e; --sp-cta: #066ce7;
  }
  :root[data-uxp-theme="light"] {
    --hx-page: #e4e4e4; --hx-text: #2c2c2c; --hx-strong: #111111; --hx-dim: #555555; --hx-bar: #d6d6d6; --hx-line: #bdbdbd;
    --hx-button: #f4f4f4; --hx-button-hover: #ffffff; --hx-button-text: #222222; --hx-button-line: #8c8c8c; --hx-mode: #1d4f9a;
    --hx-frame-title: #ececec; --hx-panel: #f8f8f8; --hx-hover: #d9d9d9; --hx-selected: #b8d2f5; --hx-head: #dcdcdc;
    --hx-ruler: #d9d9d9; --hx-track: #ededed; --hx-item: #9cc0ea; --hx-item-line: #4f86c6; --hx-playhead: #d31510;
    --sp-text: #464646; --sp-field: #ffffff; --sp-field-text: #222222; --sp-field-line: #757575; --sp-invalid: #a8450c; --sp-focus: #0265dc;
    --sp-button-line: #6d6d6d; --sp-cta: #0265dc; --sp-on-cta: #ffffff; --sp-quiet: #0265dc; --sp-track: #d0d0d0; --sp-fill: #0265dc;
  }
  html, body { margin: 0; height: 100%; background: var(--hx-page); color: var(--hx-text); font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 12px; }
  #hx-top { display: flex; align-items: center; gap: 8px; height: 40px; padding: 0 12px; background: var(--hx-bar); border-bottom: 1px solid var(--hx-line); }
  #hx-top h1 { font-size: 14px; margin: 0 12px 0 0; font-weight: 600; }
  #hx-top button { background: var(--hx-button); color: var(--hx-button-text); border: 1px solid var(--hx-button-line); border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  #hx-top button:hover { background: var(--hx-button-hover); }
  #hx-mode { color: var(--hx-mode); }
  .hx-spacer { flex: 1 1 auto; }
  #hx-main { display: flex; height: calc(100% - 41px); }
  #hx-panel-frame { width: 420px; min-width: 420px; border-right: 1px solid var(--hx-line); display: flex; flex-direction: column; }
  #hx-panel-title { height: 24px; line-height: 24px; padding: 0 8px; background: var(--hx-frame-title); color: var(--hx-text); border-bottom: 1px solid var(--hx-line); }
  #hx-panel-root { flex: 1 1 auto; min-height: 0; background: var(--hx-panel); }
  #hx-project { flex: 1 1 auto; overflow: auto; padding: 12px 16px; }
  .hx-h { font-size: 13px; font-weight: 600; margin: 14px 0 6px; color: var(--hx-strong); }
  .hx-tree { font-family: ui-monospace, Menlo, Consolas, monospace; }
  .hx-bin { cursor: pointer; padding: 1px 4px; border-radius: 3px; }
  .hx-bin:hover { background: var(--hx-hover); }
  .hx-selected { background: var(--hx-selected) !important; }
  table.hx-clips { border-collapse: collapse; margin: 2px 0 6px 18px; }
  table.hx-clips td, table.hx-clips th { border: 1px solid var(--hx-line); padding: 2px 6px; text-align: left; max-width: 260px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  table.hx-clips th { background: var(--hx-head); color: var(--hx-dim); font-weight: normal; }
  .hx-seq { margin-bottom: 12px; }
  .hx-ruler { position: relative; height: 18px; background: var(--hx-ruler); border: 1px solid var(--hx-line); cursor: pointer; }
  .hx-track { position: relative; height: 26px; background: var(--hx-track); border: 1px solid var(--hx-line); border-top: none; }
  .hx-track-name { position: absolute; left: -34px; top: 5px; color: var(--hx-dim); width: 30px; text-align: right; }
  .hx-item { position: absolute; top: 2px; height: 20px; background: var(--hx-item); border: 1px solid var(--hx-item-line); border-radius: 2px; overflow: hidden; white-space: nowrap; font-size: 10px; line-height: 20px; padding: 0 3px; box-sizing: border-box; }
  .hx-marker { position: absolute; top: 1px; height: 14px; border-top: 3px solid; box-sizing: border-box; font-size: 9px; line-height: 11px; overflow: hidden; white-space: nowrap; padding-left: 2px; }
  .hx-playhead { position: absolute; top: 0; bottom: 0; width: 2px; background: var(--hx-playhead); pointer-events: none; }
  .hx-tl { position: relative; margin-left: 36px; }
  #hx-picker { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.4); display: flex; align-items: center; justify-content: center; z-index: 10; }
  .hx-picker-box { display: flex; flex-direction: column; gap: 6px; min-width: 320px; padding: 12px 16px; background: var(--hx-bar); border: 1px solid var(--hx-line); border-radius: 6px; }
  .hx-picker-box button { text-align: left; background: var(--hx-button); color: var(--hx-button-text); border: 1px solid var(--hx-button-line); border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  #hx-log { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--hx-dim); white-space: pre-wrap; max-height: 140px; overflow: auto; }
</style>
</head>
<body>
<div id="hx-top">
  <h1>Shotbin harness</h1>
  <span id="hx-mode">starting…</span>
  <button id="hx-fakes" title="Store the fake providers' keys, point every provider at the fake servers, connect the relay, reload">Use fake providers + relay</button>
  <button id="hx-simulator" title="Forget keys, endpoints and relay; back to the simulator only">Simulator only</button>
  <button id="hx-reset" title="Forget the panel's settings and keys in this browser">Reset browser storage</button>
  <span class="hx-spacer"></span>
  <span>Premiere theme:</span>
  <button id="hx-theme-light" title="Premiere's light theme: document.theme answers light, the host's colour variables change">Light</button>
  <button id="hx-theme-dark" title="Premiere's dark theme (the default)">Dark</button>
  <button id="hx-theme-darkest" title="Premiere's darkest theme">Darkest</button>
</div>
<div id="hx-main">
  <div id="hx-panel-frame"><div id="hx-panel-title">Shotbin (UXP panel)</div><div id="hx-panel-root"></div></div>
  <div id="hx-project"><div id="hx-project-view">Loading the fake Premiere…</div><div class="hx-h">Harness log</div><div id="hx-log"></div></div>
</div>
<script src="/harness.js"></script>
</body>
</html>`;
}
