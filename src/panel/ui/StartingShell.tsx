import { useEffect, useLayoutEffect } from "react";
import { themeClass, type PanelTheme } from "../theme/hostTheme";

/**
 * What the panel shows the moment UXP creates it, before the rest of Shotbin's modules are
 * evaluated (mountPanel loads them right after this first paint). Kept free of heavy imports.
 */
export function StartingShell({ onShown, theme }: { onShown: () => void; theme: PanelTheme }) {
  useLayoutEffect(() => {
    const perf = (globalThis as { performance?: { mark?: (name: string) => void } }).performance;
    try {
      perf?.mark?.("shotbin:first-render");
    } catch {
      // No user timing in this runtime.
    }
  }, []);
  // After the shell is on screen, not before: a render requested sooner would replace it unseen.
  useEffect(() => onShown(), [onShown]);
  return (
    <div className={`sb-root ${themeClass(theme)}`} data-testid="panel-starting">
      <div className="sb-tabs">
        <div className="sb-tab sb-tab-active">Shotbin</div>
      </div>
      <div className="sb-center sb-muted">Opening the job ledger and connecting to Premiere…</div>
    </div>
  );
}
