import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { PanelRuntime } from "../runtime/panelRuntime";
import type { PanelState } from "../state/panelStore";

export const PanelContext = createContext<PanelRuntime | null>(null);

export function usePanel(): PanelRuntime {
  const runtime = useContext(PanelContext);
  if (!runtime) throw new Error("usePanel outside the panel");
  return runtime;
}

/** A slice of the panel state; the component re-renders only when the slice changes. */
export function usePanelState<T>(selector: (state: PanelState) => T): T {
  return useStore(usePanel().store, selector);
}
