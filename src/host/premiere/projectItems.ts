/**
 * Finding project items by id, casting them safely, and describing bins. Premiere returns fresh
 * wrapper objects from every call, so identity is the item id (`ProjectItem.getId`), never `===`.
 */
import type { ClipProjectItem, FolderItem, premierepro, Project, ProjectItem } from "@adobe/premierepro";
import type { BinRef } from "../premiereHost";
import { premiereCall } from "./premiereCall";

/** `FolderItem.cast`, which the types call total but which returns null for a non-bin at runtime. */
export function asFolder(ppro: premierepro, item: ProjectItem): FolderItem | null {
  try {
    return (ppro.FolderItem.cast(item) as FolderItem | null | undefined) ?? null;
  } catch {
    return null;
  }
}

/** `ClipProjectItem.cast`, null for anything that is not a clip. Sequences are clips too. */
export function asClip(ppro: premierepro, item: ProjectItem): ClipProjectItem | null {
  try {
    return (ppro.ClipProjectItem.cast(item) as ClipProjectItem | null | undefined) ?? null;
  } catch {
    return null;
  }
}

/** `FolderItem` has no `getId`; its `ProjectItem` view does. */
export function folderAsItem(ppro: premierepro, folder: FolderItem): ProjectItem {
  return ppro.ProjectItem.cast(folder);
}

/** A project's items by id, remembered for the session and found by walking the bins when new. */
export class ProjectItemIndex {
  private projectId: string | undefined;
  private readonly items = new Map<string, ProjectItem>();

  constructor(private readonly ppro: premierepro) {}

  remember(project: Project, item: ProjectItem): string {
    this.switchTo(project);
    const id = item.getId();
    this.items.set(id, item);
    return id;
  }

  async find(project: Project, id: string): Promise<ProjectItem | undefined> {
    this.switchTo(project);
    const known = this.items.get(id);
    if (known) return known;
    const root = await premiereCall(
      "Project.getRootItem",
      { kind: "unexpected", message: "Premiere could not list the project" },
      () => project.getRootItem(),
    );
    const rootItem = folderAsItem(this.ppro, root);
    if (this.remember(project, rootItem) === id) return rootItem;
    const queue: FolderItem[] = [root];
    for (let folder = queue.shift(); folder; folder = queue.shift()) {
      const current = folder;
      const children = await premiereCall(
        "FolderItem.getItems",
        { kind: "unexpected", message: `Premiere could not list the bin "${current.name}"` },
        () => current.getItems(),
      );
      for (const child of children) {
        if (this.remember(project, child) === id) return child;
        const childFolder = asFolder(this.ppro, child);
        if (childFolder) queue.push(childFolder);
      }
    }
    return undefined;
  }

  /** Forgets an item Premiere no longer has (a clip the editor deleted). */
  forget(id: string): void {
    this.items.delete(id);
  }

  private switchTo(project: Project): void {
    const projectId = project.guid.toString();
    if (projectId === this.projectId) return;
    this.projectId = projectId;
    this.items.clear();
  }
}

/** Id, name and path of a bin item, walking `getParentBin` up to the root. */
export function describeBin(ppro: premierepro, item: ProjectItem): BinRef {
  const id = item.getId();
  if (item.type === ppro.ProjectItem.TYPE_ROOT) return { id, name: item.name, path: [] };
  const path = [item.name];
  let parent: FolderItem | null | undefined = item.getParentBin();
  for (let depth = 0; parent && parent.type !== ppro.ProjectItem.TYPE_ROOT && depth < 256; depth++) {
    path.unshift(parent.name);
    parent = folderAsItem(ppro, parent).getParentBin();
  }
  return { id, name: item.name, path };
}
