/**
 * Finding the clips an import created. `Project.importFiles` answers only true or false and may
 * return before the new items are listable, so this is the one place that decides which item
 * belongs to which file:
 *   1. poll the bin (bounded) for items that were not there before and whose media path is the
 *      file's (`new-item`);
 *   2. when the wait runs out, accept an item already in the bin with that media path, in case
 *      Premiere reused it instead of importing twice (`existing-item`);
 *   3. then search the whole project, in case Premiere put it somewhere else (`elsewhere-in-project`).
 */
import type { ClipProjectItem, FolderItem, premierepro, Project, ProjectItem } from "@adobe/premierepro";
import type { Clock } from "../../core/seams/clock";
import type { ImportDiscovery } from "../premiereHost";
import { premiereCall } from "./premiereCall";
import { asClip, asFolder } from "./projectItems";

export interface DiscoveredClip {
  item: ProjectItem;
  clip: ClipProjectItem;
  mediaPath: string;
  discoveredBy: ImportDiscovery;
}

export interface DiscoveryTiming {
  clock: Clock;
  timeoutMs: number;
  pollMs: number;
}

/** Paths compare equal across separator styles, and without case on Windows drive paths. */
export function normalizeMediaPath(path: string): string {
  const slashes = path.replace(/\\/g, "/").replace(/(?!^)\/{2,}/g, "/");
  return /^[A-Za-z]:\//.test(slashes) ? slashes.toLowerCase() : slashes;
}

export async function listBin(folder: FolderItem): Promise<ProjectItem[]> {
  return premiereCall("FolderItem.getItems", { kind: "unexpected", message: `Premiere could not list the bin "${folder.name}"` }, () =>
    folder.getItems(),
  );
}

export function itemIds(items: ProjectItem[]): Set<string> {
  return new Set(items.map((item) => item.getId()));
}

async function mediaPathOf(ppro: premierepro, item: ProjectItem): Promise<{ clip: ClipProjectItem; path: string } | null> {
  const clip = asClip(ppro, item);
  if (!clip) return null;
  try {
    const path = await clip.getMediaFilePath();
    return path ? { clip, path } : null;
  } catch {
    // Sequences, offline and synthetic items have no readable media path; they are never ours.
    return null;
  }
}

/**
 * Finds a clip for each of `files` (native paths) imported into `folder`. `before` holds the
 * ids the bin had before the import. Files with no clip found are missing from the result.
 */
export async function discoverImportedClips(
  ppro: premierepro,
  project: Project,
  folder: FolderItem,
  before: Set<string>,
  files: string[],
  timing: DiscoveryTiming,
): Promise<Map<string, DiscoveredClip>> {
  const wanted = new Map(files.map((file) => [normalizeMediaPath(file), file]));
  const found = new Map<string, DiscoveredClip>();
  const claimed = new Set<string>();

  const match = async (items: ProjectItem[], discoveredBy: ImportDiscovery, onlyNew: boolean) => {
    for (const item of items) {
      if (found.size === wanted.size) return;
      const id = item.getId();
      if (claimed.has(id) || (onlyNew && before.has(id))) continue;
      const media = await mediaPathOf(ppro, item);
      if (!media) continue;
      const file = wanted.get(normalizeMediaPath(media.path));
      if (file === undefined || found.has(file)) continue;
      claimed.add(id);
      found.set(file, { item, clip: media.clip, mediaPath: media.path, discoveredBy });
    }
  };

  const deadline = timing.clock.now() + timing.timeoutMs;
  for (;;) {
    await match(await listBin(folder), "new-item", true);
    if (found.size === wanted.size || timing.clock.now() >= deadline) break;
    await timing.clock.sleep(timing.pollMs);
  }
  if (found.size < wanted.size) await match(await listBin(folder), "existing-item", false);
  if (found.size < wanted.size) {
    const root = await premiereCall("Project.getRootItem", { kind: "unexpected", message: "Premiere could not list the project" }, () =>
      project.getRootItem(),
    );
    const queue: FolderItem[] = [root];
    for (let current = queue.shift(); current && found.size < wanted.size; current = queue.shift()) {
      const items = await listBin(current);
      await match(items, "elsewhere-in-project", false);
      for (const item of items) {
        const sub = asFolder(ppro, item);
        if (sub) queue.push(sub);
      }
    }
  }
  return found;
}
