/**
 * The right side of the harness: a live picture of the fake Premiere project from its
 * `snapshot()`: the bin tree with each clip's label colour and Shotbin columns, and each
 * sequence's tracks with clips laid out in time (label colour, selected, switched off), its In/Out
 * range, markers and the playhead, and what the Source Monitor shows. Clicking a bin selects it in
 * the "Project panel"; clicking a clip selects it in the Timeline (shift-click adds or removes it,
 * clicking an empty track clears the selection); clicking a ruler moves the playhead.
 */
import type { FakePremiere } from "../../host/fake/createFakePremiere";
import type { FakeSnapshot, SnapshotNode, SnapshotSequence } from "../../host/fake/fakeSnapshot";

const PIXELS_PER_SECOND = 24;

/** Premiere's marker colours as the ruler draws them. */
const MARKER_CSS: Record<string, string> = { green: "#3fb950", red: "#f85149", magenta: "#db61a2", orange: "#f0883e", yellow: "#e3b341", blue: "#58a6ff", cyan: "#39c5cf" };

/** Premiere's label colours, near enough for a test page (the panel itself uses the host theme). */
const LABEL_CSS: Record<string, string> = {
  violet: "#9f8bd6",
  iris: "#5b6bbf",
  lavender: "#b57fd6",
  cerulean: "#1e98d4",
  forest: "#3c8b3c",
  rose: "#d86490",
  mango: "#e8a33d",
  purple: "#8d4fa8",
  blue: "#4770d6",
  teal: "#3aa6a0",
  magenta: "#d14cae",
  tan: "#c4a27a",
  green: "#5bb54a",
  brown: "#8b5b3a",
  yellow: "#e3c940",
};

function swatch(label: string): string {
  return `<span data-testid="colour-label" data-colour-label="${label}" title="Label: ${label}" style="display:inline-block;width:9px;height:9px;margin-right:4px;border-radius:2px;background:${LABEL_CSS[label] ?? "#777"}"></span>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

function renderNode(node: SnapshotNode, selection: string[], depth: number): string {
  const pad = "&nbsp;".repeat(depth * 3);
  if (node.kind === "clip") return "";
  const clips = node.children.filter((child) => child.kind === "clip" && !child.isSequence) as Extract<SnapshotNode, { kind: "clip" }>[];
  const sequences = node.children.filter((child) => child.kind === "clip" && child.isSequence);
  const bins = node.children.filter((child) => child.kind !== "clip");
  const columns = [...new Set(clips.flatMap((clip) => Object.keys(clip.columns)))];
  let html = `<div class="hx-bin${selection.includes(node.id) ? " hx-selected" : ""}" data-bin-id="${node.id}" data-testid="bin" data-name="${escape(node.name)}" data-colour-label="${node.colourLabel}">${pad}${swatch(node.colourLabel)}[bin] ${escape(node.kind === "root" ? "Project" : node.name)}</div>`;
  for (const sequence of sequences) html += `<div>${pad}&nbsp;&nbsp;&nbsp;[seq] ${escape(sequence.name)}</div>`;
  if (clips.length) {
    html += `<table class="hx-clips" data-testid="clips" data-bin="${escape(node.name)}"><tr><th>Clip</th><th>Duration</th>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>`;
    for (const clip of clips) {
      const inOut = clip.inSeconds === null ? "" : ` · in/out ${clip.inSeconds.toFixed(3)}–${(clip.outSeconds ?? clip.durationSeconds).toFixed(3)} s`;
      html += `<tr data-testid="clip" data-clip-id="${clip.id}" data-colour-label="${clip.colourLabel}"><td title="${escape(clip.mediaPath)}">${swatch(clip.colourLabel)}${escape(clip.name)}</td><td>${clip.durationSeconds.toFixed(2)} s${inOut}</td>${columns
        .map((c) => `<td title="${escape(clip.columns[c] ?? "")}">${escape(clip.columns[c] ?? "")}</td>`)
        .join("")}</tr>`;
    }
    html += "</table>";
  }
  for (const bin of bins) html += renderNode(bin, selection, depth + 1);
  return html;
}

function renderSequence(sequence: SnapshotSequence): string {
  const seconds = Math.max(20, ...sequence.tracks.flatMap((track) => track.items.map((item) => item.endFrame / sequence.fps + 2)), sequence.playheadFrame / sequence.fps + 2);
  const width = Math.ceil(seconds * PIXELS_PER_SECOND);
  const x = (frame: number) => (frame / sequence.fps) * PIXELS_PER_SECOND;
  const marks = sequence.inFrame !== null || sequence.outFrame !== null ? ` · In ${sequence.inFrame ?? "—"} / Out ${sequence.outFrame ?? "—"}` : "";
  let html = `<div class="hx-seq" data-testid="sequence" data-sequence-id="${sequence.id}"><div>${sequence.active ? "▶ " : ""}<b>${escape(sequence.name)}</b> · ${sequence.fps} fps · ${sequence.width}×${sequence.height} · playhead frame ${sequence.playheadFrame}${marks}</div>`;
  html += `<div class="hx-tl" style="width:${width}px"><div class="hx-ruler" data-ruler="${sequence.id}" data-fps="${sequence.fps}" title="Click to move the playhead">`;
  const ticksPerFrame = BigInt(sequence.ticksPerFrame);
  if (sequence.inFrame !== null || sequence.outFrame !== null) {
    const from = sequence.inFrame ?? 0;
    const to = sequence.outFrame ?? Math.max(from + 1, ...sequence.tracks.flatMap((t) => t.items.map((i) => i.endFrame)));
    html += `<div data-testid="sequence-in-out" data-in-frame="${sequence.inFrame ?? ""}" data-out-frame="${sequence.outFrame ?? ""}" title="In ${from} · Out ${to} (exclusive)" style="position:absolute;top:0;bottom:0;left:${x(from)}px;width:${Math.max(2, x(to) - x(from))}px;background:rgba(120,170,255,0.28);border-left:2px solid #78aaff;border-right:2px solid #78aaff;box-sizing:border-box;pointer-events:none"></div>`;
  }
  for (const marker of sequence.markers) {
    const start = Number(BigInt(marker.startTicks) / ticksPerFrame);
    const frames = Number(BigInt(marker.durationTicks) / ticksPerFrame);
    const colour = MARKER_CSS[marker.colour] ?? "#bbb";
    html += `<div class="hx-marker" data-testid="sequence-marker" data-name="${escape(marker.name)}" data-colour="${escape(marker.colour)}" style="left:${x(start)}px;width:${Math.max(3, x(start + frames) - x(start))}px;border-color:${colour};color:${colour}" title="${escape(`${marker.name} (${marker.colour}) · frame ${start}\n${marker.comments}`)}">${escape(marker.name)}</div>`;
  }
  html += "</div>";
  for (const [index, track] of [...sequence.tracks.entries()].reverse()) {
    html += `<div class="hx-track" data-testid="track" data-track="${index}" data-sequence-id="${sequence.id}"><span class="hx-track-name">${escape(track.name)}</span>`;
    for (const item of track.items) {
      const look = [
        `left:${x(item.startFrame)}px`,
        `width:${Math.max(2, x(item.endFrame) - x(item.startFrame))}px`,
        `border-left:4px solid ${LABEL_CSS[item.colourLabel] ?? "#6d9fd8"}`,
        item.selected ? "outline:2px solid #ffd54a;outline-offset:-1px" : "",
        item.disabled ? "opacity:0.35;text-decoration:line-through" : "",
      ].filter(Boolean);
      const state = `${item.selected ? " · selected" : ""}${item.disabled ? " · switched off" : ""}`;
      html += `<div class="hx-item" data-testid="track-item" data-track-item-id="${item.id}" data-sequence-id="${sequence.id}" data-clip-id="${item.clipId}" data-start-frame="${item.startFrame}" data-end-frame="${item.endFrame}" data-in-frame="${item.inFrame}" data-selected="${item.selected}" data-disabled="${item.disabled}" data-colour-label="${item.colourLabel}" style="${look.join(";")}" title="${escape(item.name)} · frames ${item.startFrame}–${item.endFrame} · source from frame ${item.inFrame}${state} · shift-click to add">${escape(item.name)}</div>`;
    }
    html += "</div>";
  }
  html += `<div class="hx-playhead" style="left:${x(sequence.playheadFrame)}px"></div></div></div>`;
  return html;
}

export function renderProject(snapshot: FakeSnapshot): string {
  if (!snapshot.project || !snapshot.root) return "<div>No project is open.</div>";
  let html = `<div class="hx-h">${escape(snapshot.project.name)} <span style="color:#888;font-weight:normal">${escape(snapshot.project.path)}</span></div>`;
  html += `<div class="hx-tree" data-testid="bin-tree">${renderNode(snapshot.root, snapshot.selection, 0)}</div>`;
  html += `<div class="hx-h">Sequences</div>${snapshot.sequences.map(renderSequence).join("")}`;
  if (snapshot.sourceMonitor) {
    html += `<div class="hx-h">Source Monitor</div><div data-testid="source-monitor" data-item-id="${snapshot.sourceMonitor.itemId ?? ""}" title="${escape(snapshot.sourceMonitor.mediaPath)}">${escape(snapshot.sourceMonitor.mediaPath.split(/[\\/]/).pop() ?? "")}${snapshot.sourceMonitor.itemId ? "" : " (file, not in the project)"} · at ${snapshot.sourceMonitor.positionSeconds.toFixed(3)} s</div>`;
  }
  if (snapshot.transactions.length) html += `<div class="hx-h">Undo history</div><div>${snapshot.transactions.map((t) => escape(t.label)).join(" · ")}</div>`;
  return html;
}

/** Redraws when the snapshot changes (checked a few times a second) and wires the clicks. */
export function mountProjectView(element: HTMLElement, premiere: FakePremiere): () => void {
  let last = "";
  const draw = () => {
    const snapshot = premiere.snapshot();
    const text = JSON.stringify(snapshot);
    if (text === last) return;
    last = text;
    element.innerHTML = renderProject(snapshot);
  };
  element.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    const bin = target.closest("[data-bin-id]") as HTMLElement | null;
    if (bin?.dataset.binId) {
      premiere.select([bin.dataset.binId]);
      draw();
      return;
    }
    const item = target.closest("[data-track-item-id]") as HTMLElement | null;
    if (item?.dataset.trackItemId && item.dataset.sequenceId) {
      premiere.selectTimelineItems(item.dataset.sequenceId, [item.dataset.trackItemId], { add: event.shiftKey });
      draw();
      return;
    }
    const track = target.closest("[data-testid=track]") as HTMLElement | null;
    if (track?.dataset.sequenceId && !event.shiftKey) {
      premiere.selectTimelineItems(track.dataset.sequenceId, []);
      draw();
      return;
    }
    const ruler = target.closest("[data-ruler]") as HTMLElement | null;
    if (ruler?.dataset.ruler) {
      const box = ruler.getBoundingClientRect();
      const frame = Math.max(0, Math.round(((event.clientX - box.left) / PIXELS_PER_SECOND) * Number(ruler.dataset.fps)));
      premiere.setPlayhead(ruler.dataset.ruler, frame);
      draw();
    }
  });
  draw();
  const timer = setInterval(draw, 300);
  return () => clearInterval(timer);
}
