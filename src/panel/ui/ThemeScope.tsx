import type { ReactNode } from "react";
import { themeClass } from "../theme/hostTheme";
import { usePanelState } from "./panelContext";

/** Gives everything inside it the colours of Premiere's current theme, and re-renders when the theme changes. */
export function ThemeScope({ children }: { children: ReactNode }) {
  const theme = usePanelState((state) => state.theme);
  return (
    <div className={themeClass(theme)} data-theme={theme} style={{ height: "100%" }}>
      {children}
    </div>
  );
}
