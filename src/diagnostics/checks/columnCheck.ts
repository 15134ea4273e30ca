/** Shotbin's Project-panel columns: registered, written through the PremiereHost, read back the same. */
import type { ProjectItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import type { ShotColumnValues, ShotMetadata } from "../../host/premiereHost";
import { SHOT_COLUMNS, shotColumnText } from "../../host/shotbinColumns";
import { need, requireClip, requireProject, type SelfCheckContext } from "../selfCheckContext";
import { SELF_CHECK_METADATA } from "../testClips";
import { fail, pass, shown, type SelfCheckDefinition } from "./checkDefinition";

export const SELF_CHECK_COLUMNS: ShotMetadata = {
  prompt: SELF_CHECK_METADATA.prompt,
  model: SELF_CHECK_METADATA.model,
  provider: SELF_CHECK_METADATA.provider,
  seed: SELF_CHECK_METADATA.seed,
  job: SELF_CHECK_METADATA.jobId,
  // Fractions of a cent, as per-second prices give.
  costUsd: 0.1234,
  shot: SELF_CHECK_METADATA.shotId,
  take: SELF_CHECK_METADATA.take,
};

/** Column labels `getProjectColumnsMetadata` lists, or null when its answer is not the JSON array Shotbin expects. */
async function listedLabels(ctx: SelfCheckContext, item: ProjectItem): Promise<string[] | null> {
  try {
    const json: unknown = JSON.parse(await ctx.ppro.Metadata.getProjectColumnsMetadata(item));
    if (!Array.isArray(json)) return null;
    return json.flatMap((column) => {
      const name = (column as { ColumnName?: unknown } | null)?.ColumnName;
      return typeof name === "string" ? [name] : [];
    });
  } catch {
    return null;
  }
}

function differences(written: ShotColumnValues, read: ShotColumnValues): string[] {
  return SHOT_COLUMNS.flatMap((column) => {
    const wrote = written[column.key];
    if (wrote === undefined) return [];
    const got = read[column.key];
    const same = got !== undefined && (column.type === "text" ? got === wrote : got.trim() !== "" && Number(got) === Number(wrote));
    return same ? [] : [`${column.label} (wrote ${shown(wrote)}, read ${shown(got)})`];
  });
}

export const columnsCheck: SelfCheckDefinition = {
  id: "columns",
  expected: `the ${SHOT_COLUMNS.length} Shotbin columns listed for the clip, each reading back what was written (the prompt with its newline)`,
  async run(ctx) {
    const project = requireProject(ctx);
    const clip = requireClip(ctx, "mp4");
    const written = shotColumnText(SELF_CHECK_COLUMNS);
    const fallback =
      "The same values are embedded in the clip's XMP (see xmp-mp4). In the panel a column that does not read back stops that shot's import step with this message; the clip itself stays imported.";
    try {
      await ctx.deps.host.setClipMetadata(clip, SELF_CHECK_COLUMNS);
    } catch (error) {
      if (error instanceof HostError && error.kind === "metadata") return fail(error.message, { fallback });
      throw error;
    }
    const read = await ctx.deps.host.readClipMetadata(clip);
    const lost = differences(written, read);
    const item = need(await ctx.index.find(project, clip.id), "The MP4 clip is no longer in the project.");
    const labels = await listedLabels(ctx, item);
    const unlisted = labels === null ? [] : SHOT_COLUMNS.filter((c) => !labels?.includes(c.label)).map((c) => c.label);
    const listing =
      labels === null
        ? "getProjectColumnsMetadata did not answer the JSON array Shotbin expects, so registration could not be seen"
        : unlisted.length === 0
          ? `all ${SHOT_COLUMNS.length} columns are listed by getProjectColumnsMetadata`
          : `not listed by getProjectColumnsMetadata: ${unlisted.join(", ")}`;
    const details = { columns: SHOT_COLUMNS.length, readBackExact: SHOT_COLUMNS.length - lost.length, listed: labels === null ? null : SHOT_COLUMNS.length - unlisted.length };
    if (lost.length > 0) return fail(`Read back differently: ${lost.join("; ")}; ${listing}.`, { fallback, details });
    if (unlisted.length > 0) return fail(`Every value read back, but ${listing}.`, { fallback, details });
    return pass(`Every value read back exactly; ${listing}.`, { details });
  },
};
