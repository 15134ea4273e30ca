/** Every check, in the order the self-check runs them (the catalogue's order; a test holds them equal). */
import { projectSelectionEventCheck, scratchBinCheck, scratchSequenceCheck, targetBinCheck } from "./binChecks";
import type { SelfCheckDefinition } from "./checkDefinition";
import { cleanupCheck } from "./cleanupCheck";
import { columnsCheck } from "./columnCheck";
import { importCheck, importCompleteEventCheck, importDiscoveryCheck } from "./importChecks";
import { importRootFormsCheck } from "./importRootChecks";
import { lockRuleCheck } from "./lockRuleCheck";
import { clipMarkersCheck, sequenceMarkersCheck, undoGroupingCheck } from "./markerChecks";
import { relayFetchCheck, relayWebSocketCheck } from "./networkChecks";
import { positionalFsCheck, secureStorageCheck } from "./platformChecks";
import { cloneDisableCheck, colourLabelCheck, frameExportCheck, sequenceInOutCheck, sourceMonitorCheck, timelineSelectionCheck } from "./timelineActionChecks";
import { clipInOutCheck, newTrackCheck, overwriteEditCheck, sequenceSelectionEventCheck } from "./timelineChecks";
import { versionCheck } from "./versionCheck";
import { creationDateMovCheck, creationDateMp4Check, xmpMovCheck, xmpMp4Check } from "./xmpChecks";

export const ALL_CHECKS: readonly SelfCheckDefinition[] = [
  versionCheck,
  projectSelectionEventCheck,
  targetBinCheck,
  scratchBinCheck,
  scratchSequenceCheck,
  importDiscoveryCheck,
  importCheck,
  importCompleteEventCheck,
  importRootFormsCheck,
  xmpMp4Check,
  xmpMovCheck,
  creationDateMp4Check,
  creationDateMovCheck,
  columnsCheck,
  clipMarkersCheck,
  sequenceMarkersCheck,
  clipInOutCheck,
  overwriteEditCheck,
  newTrackCheck,
  undoGroupingCheck,
  lockRuleCheck,
  sequenceSelectionEventCheck,
  timelineSelectionCheck,
  sequenceInOutCheck,
  frameExportCheck,
  sourceMonitorCheck,
  colourLabelCheck,
  cloneDisableCheck,
  relayFetchCheck,
  relayWebSocketCheck,
  secureStorageCheck,
  positionalFsCheck,
  cleanupCheck,
];
