/**
 * The panel's tabs, in order. Adding one (Shot list, Diagnostics) is a component in ui/ plus one
 * line here; `badge` may return a short count shown next to the label.
 */
import type { ComponentType } from "react";
import type { PanelState } from "../../state/panelStore";
import { DiagnosticsTab } from "../diagnostics/DiagnosticsTab";
import { FramesTab } from "../frames/FramesTab";
import { GenerateTab } from "../generate/GenerateTab";
import { JobsTab } from "../jobs/JobsTab";
import { ReviewTab, reviewCount } from "../jobs/ReviewTab";
import { SettingsTab } from "../settings/SettingsTab";
import { ShotListTab } from "../shotlist/ShotListTab";

export interface PanelTab {
  id: string;
  label: string;
  Component: ComponentType;
  badge?: (state: PanelState) => number;
}

export const PANEL_TABS: readonly PanelTab[] = [
  { id: "generate", label: "Generate", Component: GenerateTab },
  { id: "frames", label: "Frames", Component: FramesTab },
  { id: "shotlist", label: "Shot list", Component: ShotListTab },
  { id: "jobs", label: "Jobs", Component: JobsTab, badge: (state) => state.order.filter((id) => isActive(state, id)).length },
  { id: "review", label: "Review", Component: ReviewTab, badge: reviewCount },
  { id: "settings", label: "Settings", Component: SettingsTab },
  { id: "diagnostics", label: "Diagnostics", Component: DiagnosticsTab },
];

function isActive(state: PanelState, id: string): boolean {
  const job = state.jobs[id];
  return !!job && ["planned", "submitting", "queued", "running", "succeeded", "downloading", "downloaded", "embedding", "importing", "placing"].includes(job.state);
}
