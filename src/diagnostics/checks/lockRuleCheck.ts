/**
 * The 26.3 lock rules, probed on the scratch sequence's markers (harmless: the sequence goes at
 * the end). On 26.3+ an action made outside a lock must throw; before 26.3 the check records what
 * happens and passes, with the version noted. A second probe records whether an action made under
 * one lock is still accepted under another.
 */
import type { Action } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import { requireProject, requireSequence } from "../selfCheckContext";
import { fail, pass, type SelfCheckDefinition } from "./checkDefinition";
import { atLeast, premiereVersion, readVersions } from "./versionCheck";

const LOCKS_FROM: readonly [number, number] = [26, 3];

export const lockRuleCheck: SelfCheckDefinition = {
  id: "lock-rules",
  expected: "Markers.createAddMarkerAction outside lockedAccess throws (Premiere 26.3+)",
  async run(ctx) {
    const project = requireProject(ctx);
    const seq = requireSequence(ctx);
    const versions = readVersions(ctx.deps);
    const version = premiereVersion(versions);
    const versionText = versions.version ?? versions.application ?? "an unknown version";
    const enforcedHere = version === null || atLeast(version, LOCKS_FROM);
    const markers = await ctx.ppro.Markers.getMarkers(seq.sequence);
    const { TickTime, Marker } = ctx.ppro;
    const at = (frame: number) => TickTime.createWithFrameAndFrameRate(frame, seq.frameRate);

    let outsideThrew: string | null = null;
    try {
      // Never added to a transaction: only whether creating it throws matters.
      markers.createAddMarkerAction("Shotbin self-check: outside a lock", Marker.MARKER_TYPE_COMMENT, at(300), TickTime.TIME_ZERO, "");
    } catch (error) {
      outsideThrew = describeError(error) || "(no message)";
    }

    let stale: Action | undefined;
    let staleOutcome: string;
    try {
      project.lockedAccess(() => {
        stale = markers.createAddMarkerAction("Shotbin self-check: stale action", Marker.MARKER_TYPE_COMMENT, at(301), TickTime.TIME_ZERO, "");
      });
      let committed: boolean | undefined;
      project.lockedAccess(() => {
        committed = project.executeTransaction((compound) => {
          if (stale) compound.addAction(stale);
        }, "Shotbin self-check: stale action");
      });
      staleOutcome = `an action made under one lock and committed under another was accepted (executeTransaction answered ${String(committed)})`;
    } catch (error) {
      staleOutcome = `an action made under one lock was refused under another (${describeError(error) || "no message"})`;
    }

    const outside = outsideThrew === null ? "creating an action outside a lock did not throw" : `creating an action outside a lock threw "${outsideThrew}"`;
    const observed = `On ${versionText}: ${outside}; ${staleOutcome}.`;
    const details = { version: versionText, outsideLockThrew: outsideThrew !== null, rulesDocumentedForThisVersion: enforcedHere };
    const fallback = "None needed: Shotbin always makes its actions inside lockedAccess and commits them in executeTransaction before the lock ends, which is valid with or without the rule.";
    if (!enforcedHere) {
      return pass(observed, {
        expected: `recorded only: the lock rule is documented from Premiere ${LOCKS_FROM.join(".")}, and this is ${versionText}`,
        note: `Premiere ${versionText} predates the documented rule, so this check records what happens instead of requiring a throw.`,
        details,
      });
    }
    if (outsideThrew !== null) return pass(observed, { details });
    return fail(observed, { fallback, details });
  },
};
