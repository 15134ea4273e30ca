/** Plans any timeline action by name, or all four at once (what the panel shows for the current selection). */
import { planBridge } from "./bridgePlan";
import { planExtend } from "./extendPlan";
import { planFill } from "./fillPlan";
import type { ActionOutcome, PlanInput, TimelineActionKind } from "./planTypes";
import { planReplace } from "./replacePlan";

const PLANNERS: Record<TimelineActionKind, (input: PlanInput) => ActionOutcome> = {
  extend: planExtend,
  bridge: planBridge,
  fill: planFill,
  replace: planReplace,
};

export function planTimelineAction(action: TimelineActionKind, input: PlanInput): ActionOutcome {
  return PLANNERS[action](input);
}

export function planAllTimelineActions(input: PlanInput): Record<TimelineActionKind, ActionOutcome> {
  return { extend: planExtend(input), bridge: planBridge(input), fill: planFill(input), replace: planReplace(input) };
}
