/**
 * The self-check's files: copies of the bundled test clips in the scratch folder (Premiere imports
 * from there, as it imports Shotbin's downloads from the media folder), all named after the run so
 * nothing of the editor's is ever touched, and deleted at the end unless kept.
 */
import { uxpFileSystem } from "../media/uxpFileSystem";
import { need, type SelfCheckContext } from "./selfCheckContext";
import type { TestClipFormat } from "./testClips";

export function scratchFileName(runId: string, suffix: string): string {
  return `shotbin-self-check-${runId}-${suffix}`;
}

export function scratchPath(ctx: SelfCheckContext, name: string): string {
  const folder = need(ctx.scratchFolder, ctx.scratchFolderProblem ?? "There is no scratch folder to work in.");
  return uxpFileSystem(ctx.deps.fs).join(folder, name);
}

/** Copies a bundled test clip into the scratch folder under a fresh name; returns its native path. */
export async function copyTestClip(ctx: SelfCheckContext, format: TestClipFormat, suffix: string): Promise<string> {
  const files = uxpFileSystem(ctx.deps.fs);
  const target = scratchPath(ctx, scratchFileName(ctx.runId, `${suffix}.${format}`));
  const source = await files.open(ctx.deps.testClips[format], "read");
  let bytes: Uint8Array;
  try {
    bytes = await source.read(0, await source.size());
  } finally {
    await source.close();
  }
  if (bytes.length === 0) throw new Error(`The bundled ${format.toUpperCase()} test clip is empty.`);
  const copy = await files.createNew(target);
  ctx.files.push(target);
  try {
    await copy.write(0, bytes);
  } finally {
    await copy.close();
  }
  return target;
}
