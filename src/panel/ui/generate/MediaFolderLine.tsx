import { usePanel, usePanelState } from "../panelContext";
import { SpButton } from "../spectrum/spectrumWidgets";

/** Asks for the media folder until one is chosen: paid clips are never left in a temporary folder. */
export function MediaFolderLine() {
  const runtime = usePanel();
  const folder = usePanelState((state) => state.mediaFolder);
  const problem = usePanelState((state) => state.mediaFolderProblem);
  if (folder && !problem) return null;
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
