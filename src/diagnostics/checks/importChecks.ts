/**
 * Importing: first a raw `importFiles` of one clip, watched closely (when it resolves, whether the
 * new item is listed at once, whether an id diff and a media-path match agree), then Shotbin's own
 * import of the MP4 and the MOV through the PremiereHost, and the import-complete event.
 */
import type { ProjectItem } from "@adobe/premierepro";
import { describeError } from "../../core/errors";
import { itemIds, listBin, normalizeMediaPath } from "../../host/premiere/importedItemDiscovery";
import { asClip, folderAsItem } from "../../host/premiere/projectItems";
import type { ImportOutcome } from "../../host/premiereHost";
import { copyTestClip } from "../scratchFiles";
import { need, requireBin, requireProject } from "../selfCheckContext";
import type { TestClipFormat } from "../testClips";
import { fail, pass, plural, type SelfCheckDefinition } from "./checkDefinition";
import { position } from "./binChecks";

async function mediaPath(ctx: Parameters<SelfCheckDefinition["run"]>[0], item: ProjectItem): Promise<string | null> {
  const clip = asClip(ctx.ppro, item);
  if (!clip) return null;
  try {
    return (await clip.getMediaFilePath()) || null;
  } catch {
    return null;
  }
}

export const importDiscoveryCheck: SelfCheckDefinition = {
  id: "import-discovery",
  expected: "importFiles resolves true; the new item is in the target bin at once; the id diff finds one new item, and its media path is the file's",
  async run(ctx) {
    const project = requireProject(ctx);
    const bin = requireBin(ctx);
    const file = await copyTestClip(ctx, "mp4", "probe");
    const clock = ctx.deps.clock;
    const before = itemIds(await listBin(bin.folder));
    const started = clock.now();
    ctx.importsFrom ??= started;
    let accepted: unknown;
    try {
      accepted = await project.importFiles([file], true, bin.item, false);
    } catch (error) {
      return fail(`importFiles threw: ${describeError(error)}`);
    }
    const resolvedAt = clock.now();
    ctx.importResolvedAt.push(resolvedAt);

    let listings = 0;
    let fresh: ProjectItem[] = [];
    let matching: ProjectItem[] = [];
    let listedAfterMs: number | null = null;
    const wanted = normalizeMediaPath(file);
    for (;;) {
      listings++;
      fresh = (await listBin(bin.folder)).filter((item) => !before.has(item.getId()));
      matching = [];
      for (const item of fresh) {
        const path = await mediaPath(ctx, item);
        if (path !== null && normalizeMediaPath(path) === wanted) matching.push(item);
      }
      if (matching.length > 0) {
        listedAfterMs = clock.now() - resolvedAt;
        break;
      }
      if (clock.now() - resolvedAt >= ctx.options.waitMs) break;
      await clock.sleep(100);
    }
    const resolvedText = `importFiles resolved ${String(accepted)} after ${resolvedAt - started} ms`;
    const details = {
      resolvedWith: String(accepted),
      resolveMs: resolvedAt - started,
      listings,
      listedAfterMs,
      newItems: fresh.length,
      matchingMediaPath: matching.length,
    };
    const fallback = (what: string) =>
      `Shotbin polls the bin for up to 5 s for a new item with the file's media path, then accepts one already in the bin, then searches the whole project: ${what}.`;
    if (matching.length === 0) {
      return fail(`${resolvedText}, but no new item with the file's media path appeared in the scratch bin within ${ctx.options.waitMs} ms (${plural(fresh.length, "new item")} in the bin).`, {
        fallback: fallback("see the import check for what it found"),
        details,
      });
    }
    ctx.probe = matching[0];
    const agree = fresh.length === 1 && matching.length === 1;
    const listing = listings === 1 ? "the new item was listed at once" : `the new item was listed only after ${listedAfterMs} ms (${listings} listings)`;
    const diff = agree
      ? "the id diff and the media-path match found the same single item"
      : `the id diff found ${plural(fresh.length, "new item")}, ${matching.length} with the file's media path`;
    const observed = `${resolvedText}; ${listing}; ${diff}.`;
    if (accepted !== true || listings !== 1 || !agree) {
      return fail(observed, { fallback: fallback(listings === 1 ? "it found the clip" : `it found the clip after ${listedAfterMs} ms`), details });
    }
    return pass(observed, { details });
  },
};

function describeOutcome(format: TestClipFormat, outcome: ImportOutcome | undefined): string {
  const name = format.toUpperCase();
  if (!outcome) return `${name}: no outcome`;
  if (!outcome.ok) return `${name}: failed (${outcome.error.message})`;
  switch (outcome.discoveredBy) {
    case "new-item":
      return `${name}: a new item in the scratch bin`;
    case "existing-item":
      return `${name}: no new item; an item already in the bin has its media path`;
    case "elsewhere-in-project":
      return `${name}: not in the scratch bin; found elsewhere in the project`;
  }
}

export const importCheck: SelfCheckDefinition = {
  id: "import",
  expected: "both clips imported in one importFiles call, each found as a new item in the scratch bin",
  async run(ctx) {
    requireProject(ctx);
    const bin = requireBin(ctx);
    const files = { mp4: await copyTestClip(ctx, "mp4", "clip"), mov: await copyTestClip(ctx, "mov", "clip") };
    const clock = ctx.deps.clock;
    const started = clock.now();
    ctx.importsFrom ??= started;
    const outcomes = await ctx.deps.host.importClips([files.mp4, files.mov], bin.ref);
    const ms = clock.now() - started;
    const formats: TestClipFormat[] = ["mp4", "mov"];
    formats.forEach((format, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) ctx.clips[format] = outcome.clip;
    });
    const observed = `${formats.map((f, i) => describeOutcome(f, outcomes[i])).join("; ")} (${ms} ms in all).`;
    const details = {
      ms,
      mp4: outcomes[0]?.ok ? outcomes[0].discoveredBy : "failed",
      mov: outcomes[1]?.ok ? outcomes[1].discoveredBy : "failed",
    };
    if (outcomes.every((o) => o.ok && o.discoveredBy === "new-item")) return pass(observed, { details });
    const found = outcomes.filter((o) => o.ok);
    const elsewhere = await Promise.all(
      found.map(async (o) => {
        if (!o.ok || o.discoveredBy !== "elsewhere-in-project") return null;
        const item = await ctx.index.find(need(ctx.project, "no project"), o.clip.id);
        const parent = item?.getParentBin();
        return parent ? position(ctx, folderAsItem(ctx.ppro, parent)) : null;
      }),
    );
    const where = [...new Set(elsewhere.filter((p): p is string => p !== null))];
    return fail(observed, {
      fallback:
        found.length === outcomes.length
          ? `Shotbin found every clip by its media path${where.length ? ` (in ${where.join(", ")})` : ""} and uses it where Premiere put it.`
          : "Clips that were not found fail their import step with the message above; on a retry, an item already in the bin with the file's media path is accepted when Premiere adds none.",
      details,
    });
  },
};

export const importCompleteEventCheck: SelfCheckDefinition = {
  id: "event-import-complete",
  expected: "IMPORT_MEDIA_COMPLETE fires for the imports, with state SUCCESS",
  async run(ctx) {
    requireProject(ctx);
    const from = need(ctx.importsFrom, "No import ran (see the import checks).");
    const heard = await ctx.events.waitFor("import-complete", from, ctx.options.waitMs);
    const states = ctx.ppro.Constants.OperationCompleteState as unknown as Record<string, unknown>;
    const stateName = (state: unknown) => Object.entries(states).find(([, value]) => value === state)?.[0] ?? `unknown (${String(state)})`;
    const first = heard[0];
    const firstResolved = ctx.importResolvedAt[0];
    const fallback = "Shotbin does not wait for this event: it polls the bin for the new item (see import-discovery).";
    if (!first) {
      return fail(`No IMPORT_MEDIA_COMPLETE within ${ctx.options.waitMs} ms of the imports.`, { fallback, details: { fired: 0 } });
    }
    const named = heard.map((e) => ("state" in e ? stateName(e.state) : "no state field"));
    const timing =
      firstResolved === undefined
        ? ""
        : first.at < firstResolved
          ? "; the first came before importFiles resolved"
          : first.at === firstResolved
            ? "; the first came as importFiles resolved"
            : `; the first came ${first.at - firstResolved} ms after importFiles resolved`;
    const observed = `Fired ${plural(heard.length, "time")} (${named.join(", ")})${timing}; payload fields: ${first.payloadKeys.join(", ") || "none"}.`;
    const details = { fired: heard.length, states: named.join(","), via: first.via };
    if (named.every((n) => n === "SUCCESS" || n === "no state field")) return pass(observed, { details });
    return fail(observed, { fallback, details });
  },
};
