import { usePanel, usePanelState } from "./panelContext";

/** In-panel messages for finished and failed jobs and refused actions (never alert(), which blocks Premiere). */
export function NoticeBar() {
  const runtime = usePanel();
  const notices = usePanelState((state) => state.notices);
  if (notices.length === 0) return null;
  return (
    <div className="sb-notices" data-testid="notices">
      {notices.map((notice) => (
        <div key={notice.id} className={`sb-notice sb-notice-${notice.tone}`} data-testid={`notice-${notice.tone}`}>
          <div className="sb-notice-text">{notice.text}</div>
          <div className="sb-close" title="Dismiss" onClick={() => runtime.notices.dismiss(notice.id)}>
            ×
          </div>
        </div>
      ))}
    </div>
  );
}
