import { useEffect } from "react";
import { usePanel, usePanelState } from "../panelContext";

const REFRESH_MS = 2000;

/**
 * Where new shots will go, following Premiere: the target bin (selected bin, else the insertion
 * bin, else the root) and the active sequence with its playhead. Premiere reports selection and
 * sequence changes as events; the playhead is not, so it is re-read every few seconds.
 */
export function HostContextLine() {
  const runtime = usePanel();
  const context = usePanelState((state) => state.context);
  const problem = usePanelState((state) => state.contextProblem);
  const settings = usePanelState((state) => state.settings);
  useEffect(() => {
    const timer = setInterval(() => void runtime.premiere.refreshContext(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [runtime]);
  if (problem) return <div className="sb-box sb-issue" data-testid="context-problem">{problem}</div>;
  if (!context?.project) {
    return (
      <div className="sb-box" data-testid="context">
        <span className="sb-issue">No project is open in Premiere.</span> Open one so finished shots can be imported.
      </div>
    );
  }
  const bin = context.targetBin ? ["Project", ...context.targetBin.bin.path].join(" / ") : "Project";
  const sub = settings.binMode === "target" ? "" : settings.binMode === "fixed" ? ` / ${settings.fixedBinName}` : " / Shotbin / (today)";
  const sequence = context.sequence;
  return (
    <div className="sb-box" data-testid="context">
      <div className="sb-ellipsis" data-testid="context-bin" title={`${bin}${sub}`}>
        <span className="sb-muted">Bin: </span>
        {bin}
        <span className="sb-muted">{sub}</span>
      </div>
      <div className="sb-ellipsis" data-testid="context-sequence">
        <span className="sb-muted">Sequence: </span>
        {sequence ? `${sequence.name} · ${formatFps(sequence.frameRate.fps)} fps · playhead at frame ${sequence.playheadFrame}` : "none active"}
      </div>
    </div>
  );
}

function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(3).replace(/0+$/, "");
}
