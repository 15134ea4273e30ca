import { memo, useEffect, useMemo, useState } from "react";
import type { ImageJobRecord } from "../../../core/imageJobRecord";
import { previewUrl } from "../../platform/filePicking";
import { frameBoards, tileKey, type FrameBoard, type FrameTile } from "../../runtime/framesBoard";
import { formatStillUsd } from "../../runtime/framesDraft";
import { stateText } from "../../runtime/jobMessages";
import { usePanel, usePanelState } from "../panelContext";

/** A URL the panel can show a still from: UXP's own file URL for it. */
export function useStillUrl(path: string | undefined): string | undefined {
  const runtime = usePanel();
  const [found, setFound] = useState<{ path: string; url: string }>();
  useEffect(() => {
    let live = true;
    if (path) void previewUrl(runtime.platform.uxp, path).then((url) => live && setFound({ path, url }));
    return () => {
      live = false;
    };
  }, [runtime, path]);
  return path && found?.path === path ? found.url : undefined;
}

function chargedText(charged: boolean | "unknown"): string {
  return charged === true ? "charged" : charged === false ? "not charged" : "may have been charged";
}

const Tile = memo(function Tile({ tile, picked }: { tile: FrameTile; picked: boolean }) {
  const runtime = usePanel();
  const src = useStillUrl(tile.ready ? tile.path : undefined);
  const working = !tile.ready && tile.state !== "failed" && tile.state !== "cancelled";
  const status = working ? `${stateText(tile.state)}${tile.state === "running" && tile.progress !== undefined ? ` ${Math.round(tile.progress * 100)}%` : ""}` : undefined;
  return (
    <div
      className={`sb-tile${picked ? " sb-tile-picked" : ""}`}
      data-testid="frame-tile"
      data-key={tile.key}
      data-state={tile.state}
      data-ready={tile.ready ? "yes" : "no"}
      data-picked={picked ? "yes" : "no"}
      onClick={() => runtime.frames.pickFrame({ jobId: tile.jobId, index: tile.index })}
      title={tile.prompt}
    >
      {src ? <img className="sb-thumb" src={src} alt={`${tile.board} frame ${tile.number}: ${tile.prompt}`} /> : <div className="sb-thumb sb-thumb-empty">{status ?? ""}</div>}
      <div className="sb-job-line">
        <span>
          <span className="sb-strong">
            {tile.depth > 0 ? "↳ " : ""}#{tile.number}
          </span>
          {tile.sourceNumber !== undefined ? <span className="sb-muted"> from #{tile.sourceNumber}</span> : null}
        </span>
        <span data-testid="frame-cost">{formatStillUsd(tile.usdPerImage)}</span>
      </div>
      <div className="sb-sub" title={tile.label}>
        {tile.label}
      </div>
      {tile.failure ? (
        <div className="sb-issue" data-testid="frame-failure">
          {tile.failure.message} ({chargedText(tile.failure.charged)})
          {tile.failure.retryable && tile.failure.step !== "submit" && tile.failure.step !== "track" ? (
            <span className="sb-link" data-testid="frame-resume" onClick={() => void runtime.frames.resume(tile.jobId)}>
              Try again
            </span>
          ) : null}
        </div>
      ) : null}
      {picked ? <div className="sb-ok">Picked</div> : null}
    </div>
  );
});

function Board({ board, pickKey }: { board: FrameBoard; pickKey?: string }) {
  return (
    <div className="sb-section" data-testid="frame-board" data-board={board.id}>
      <div className="sb-row" style={{ justifyContent: "space-between" }}>
        <span className="sb-ellipsis" title={board.prompt}>
          <span className="sb-strong">{board.id}</span> · {board.prompt}
        </span>
        <span className="sb-muted" data-testid="frame-board-cost">
          {formatStillUsd(board.totalUsd)}
        </span>
      </div>
      <div className="sb-tiles">
        {board.tiles.map((tile) => (
          <Tile key={tile.key} tile={tile} picked={tile.key === pickKey} />
        ))}
      </div>
    </div>
  );
}

/** Every board, newest first: each frame with its price and state, variants right after the frame they refine. */
export function FrameGrid() {
  const stills = usePanelState((state) => state.stills);
  const pick = usePanelState((state) => state.frames.pick);
  const boards = useMemo(() => frameBoards(Object.values(stills) as ImageJobRecord[]), [stills]);
  if (boards.length === 0) return <div className="sb-muted">No frames yet. Describe one above and generate a few to choose from.</div>;
  return (
    <div data-testid="frame-grid">
      {boards.map((board) => (
        <Board key={board.id} board={board} {...(pick ? { pickKey: tileKey(pick) } : {})} />
      ))}
    </div>
  );
}
