/** The harness page: the panel on the left (UXP's panel node), the fake project on the right. */
export function harnessPageHtml(): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Shotbin harness</title>
<style>
  html, body { margin: 0; height: 100%; background: #1b1b1b; color: #d8d8d8; font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 12px; }
  #hx-top { display: flex; align-items: center; gap: 8px; height: 40px; padding: 0 12px; background: #2a2a2a; border-bottom: 1px solid #3a3a3a; }
  #hx-top h1 { font-size: 14px; margin: 0 12px 0 0; font-weight: 600; }
  #hx-top button { background: #3a3a3a; color: #e8e8e8; border: 1px solid #555; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  #hx-top button:hover { background: #474747; }
  #hx-mode { color: #9ad; }
  #hx-main { display: flex; height: calc(100% - 41px); }
  #hx-panel-frame { width: 420px; min-width: 420px; border-right: 1px solid #3a3a3a; display: flex; flex-direction: column; }
  #hx-panel-title { height: 24px; line-height: 24px; padding: 0 8px; background: #323232; color: #bbb; border-bottom: 1px solid #3a3a3a; }
  #hx-panel-root { flex: 1 1 auto; min-height: 0; background: #232323; }
  #hx-project { flex: 1 1 auto; overflow: auto; padding: 12px 16px; }
  .hx-h { font-size: 13px; font-weight: 600; margin: 14px 0 6px; color: #eee; }
  .hx-tree { font-family: ui-monospace, Menlo, Consolas, monospace; }
  .hx-bin { cursor: pointer; padding: 1px 4px; border-radius: 3px; }
  .hx-bin:hover { background: #333; }
  .hx-selected { background: #2d4f7c !important; }
  table.hx-clips { border-collapse: collapse; margin: 2px 0 6px 18px; }
  table.hx-clips td, table.hx-clips th { border: 1px solid #3a3a3a; padding: 2px 6px; text-align: left; max-width: 260px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  table.hx-clips th { background: #2c2c2c; color: #aaa; font-weight: normal; }
  .hx-seq { margin-bottom: 12px; }
  .hx-ruler { position: relative; height: 18px; background: #262626; border: 1px solid #3a3a3a; cursor: pointer; }
  .hx-track { position: relative; height: 26px; background: #202020; border: 1px solid #333; border-top: none; }
  .hx-track-name { position: absolute; left: -34px; top: 5px; color: #888; width: 30px; text-align: right; }
  .hx-item { position: absolute; top: 2px; height: 20px; background: #3b6ea8; border: 1px solid #6d9fd8; border-radius: 2px; overflow: hidden; white-space: nowrap; font-size: 10px; line-height: 20px; padding: 0 3px; box-sizing: border-box; }
  .hx-marker { position: absolute; top: 1px; height: 14px; border-top: 3px solid; box-sizing: border-box; font-size: 9px; line-height: 11px; overflow: hidden; white-space: nowrap; padding-left: 2px; }
  .hx-playhead { position: absolute; top: 0; bottom: 0; width: 2px; background: #e34850; pointer-events: none; }
  .hx-tl { position: relative; margin-left: 36px; }
  #hx-log { font-family: ui-monospace, Menlo, Consolas, monospace; color: #9a9a9a; white-space: pre-wrap; max-height: 140px; overflow: auto; }
</style>
</head>
<body>
<div id="hx-top">
  <h1>Shotbin harness</h1>
  <span id="hx-mode">starting…</span>
  <button id="hx-fakes" title="Store the fake providers' keys, point every provider at the fake servers, connect the relay, reload">Use fake providers + relay</button>
  <button id="hx-simulator" title="Forget keys, endpoints and relay; back to the simulator only">Simulator only</button>
  <button id="hx-reset" title="Forget the panel's settings and keys in this browser">Reset browser storage</button>
</div>
<div id="hx-main">
  <div id="hx-panel-frame"><div id="hx-panel-title">Shotbin (UXP panel)</div><div id="hx-panel-root"></div></div>
  <div id="hx-project"><div id="hx-project-view">Loading the fake Premiere…</div><div class="hx-h">Harness log</div><div id="hx-log"></div></div>
</div>
<script src="/harness.js"></script>
</body>
</html>`;
}
