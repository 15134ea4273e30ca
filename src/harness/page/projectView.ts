/**
 * The right side of the harness: a live picture of the fake Premiere project from its
 * `snapshot()`: the bin tree with each clip's Shotbin columns, and each sequence's tracks with
 * clips laid out in time and the playhead. Clicking a bin selects it in the "Project panel";
 * clicking a ruler moves the playhead.
 */
import type { FakePremiere } from "../../host/fake/createFakePremiere";
import type { FakeSnapshot, SnapshotNode, SnapshotSequence } from "../../host/fake/fakeSnapshot";

const PIXELS_PER_SECOND = 24;

/** Premiere's marker colours as the ruler draws them. */
const MARKER_CSS: Record<string, string> = { green: "#3fb950", red: "#f85149", magenta: "#db61a2", orange: "#f0883e", yellow: "#e3b341", blue: "#58a6ff", cyan: "#39c5cf" };

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
  let html = `<div class="hx-bin${selection.includes(node.id) ? " hx-selected" : ""}" data-bin-id="${node.id}" data-testid="bin" data-name="${escape(node.name)}">${pad}[bin] ${escape(node.kind === "root" ? "Project" : node.name)}</div>`;
  for (const sequence of sequences) html += `<div>${pad}&nbsp;&nbsp;&nbsp;[seq] ${escape(sequence.name)}</div>`;
  if (clips.length) {
    html += `<table class="hx-clips" data-testid="clips" data-bin="${escape(node.name)}"><tr><th>Clip</th><th>Duration</th>${columns.map((c) => `<th>${escape(c)}</th>`).join("")}</tr>`;
    for (const clip of clips) {
      html += `<tr data-testid="clip" data-clip-id="${clip.id}"><td title="${escape(clip.mediaPath)}">${escape(clip.name)}</td><td>${clip.durationSeconds.toFixed(2)} s</td>${columns
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
  let html = `<div class="hx-seq" data-testid="sequence" data-sequence-id="${sequence.id}"><div>${sequence.active ? "▶ " : ""}<b>${escape(sequence.name)}</b> · ${sequence.fps} fps · ${sequence.width}×${sequence.height} · playhead frame ${sequence.playheadFrame}</div>`;
  html += `<div class="hx-tl" style="width:${width}px"><div class="hx-ruler" data-ruler="${sequence.id}" data-fps="${sequence.fps}" title="Click to move the playhead">`;
  const ticksPerFrame = BigInt(sequence.ticksPerFrame);
  for (const marker of sequence.markers) {
    const start = Number(BigInt(marker.startTicks) / ticksPerFrame);
    const frames = Number(BigInt(marker.durationTicks) / ticksPerFrame);
    const colour = MARKER_CSS[marker.colour] ?? "#bbb";
    html += `<div class="hx-marker" data-testid="sequence-marker" data-name="${escape(marker.name)}" data-colour="${escape(marker.colour)}" style="left:${x(start)}px;width:${Math.max(3, x(start + frames) - x(start))}px;border-color:${colour};color:${colour}" title="${escape(`${marker.name} (${marker.colour}) · frame ${start}\n${marker.comments}`)}">${escape(marker.name)}</div>`;
  }
  html += "</div>";
  for (const [index, track] of [...sequence.tracks.entries()].reverse()) {
    html += `<div class="hx-track" data-testid="track" data-track="${index}"><span class="hx-track-name">${escape(track.name)}</span>`;
    for (const item of track.items) {
      html += `<div class="hx-item" data-testid="track-item" data-start-frame="${item.startFrame}" data-end-frame="${item.endFrame}" style="left:${x(item.startFrame)}px;width:${Math.max(2, x(item.endFrame) - x(item.startFrame))}px" title="${escape(item.name)} · frames ${item.startFrame}–${item.endFrame}">${escape(item.name)}</div>`;
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
