import { usePanel, usePanelState } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";

/** Where the clips go: the chosen folder, or a request for one (paid clips are never left in a temporary folder). */
export function MediaFolderLine() {
  const runtime = usePanel();
  const folder = usePanelState((state) => state.mediaFolder);
  const problem = usePanelState((state) => state.mediaFolderProblem);
  if (folder && !problem) {
    return (
      <div className="sb-row" data-testid="media-folder-line" style={{ marginBottom: 6 }}>
        <span className="sb-label" style={{ marginBottom: 0, marginRight: 4 }}>
          Clips go to
        </span>
        <span className="sb-ellipsis" data-testid="media-folder-path" title={folder} style={{ flex: "1 1 auto" }}>
          {folder}
        </span>
        <SpButton quiet testId="change-media-folder" onClick={() => void runtime.mediaFolder.choose()}>
          Change…
        </SpButton>
      </div>
    );
  }
  return (
    <div className="sb-box" data-testid="media-folder-needed">
      <div className={problem ? "sb-issue" : undefined}>{problem ?? "Choose the folder where Shotbin saves your clips. It is kept for the next session."}</div>
      <div className="sb-row" style={{ marginTop: 4 }}>
        <SpButton testId="choose-media-folder" onClick={() => void runtime.mediaFolder.choose()}>
          Choose media folder…
        </SpButton>
      </div>
    </div>
  );
}
