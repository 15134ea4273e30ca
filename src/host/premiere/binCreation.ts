/**
 * Finding or creating nested bins. `createBinAction` returns no bin, and with `makeUnique`
 * Premiere may rename the new bin when the name is taken, so the new bin is found by diffing
 * item ids before and after. A bin created under another name is remembered for the session, so
 * asking for the same path again does not create another.
 */
import type { FolderItem, premierepro, Project, ProjectItem } from "@adobe/premierepro";
import { HostError } from "../../core/errors";
import type { BinRef } from "../premiereHost";
import type { DiscoveryTiming } from "./importedItemDiscovery";
import { itemIds, listBin } from "./importedItemDiscovery";
import { commitInLock } from "./lockedTransaction";
import { premiereCallSync } from "./premiereCall";
import { asFolder, describeBin, type ProjectItemIndex } from "./projectItems";

export interface BinHandle {
  item: ProjectItem;
  folder: FolderItem;
}

export class BinMaker {
  /** `project|parent id|asked name` → id of the bin made for it. */
  private readonly made = new Map<string, string>();

  constructor(
    private readonly ppro: premierepro,
    private readonly index: ProjectItemIndex,
    private readonly timing: DiscoveryTiming,
  ) {}

  /** The last bin creation asked for; the next waits for it (see `ensure`). */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * One creation at a time: two takes landing together in a bin that does not exist yet would
   * otherwise both see it missing and make two ("Takes" and "Takes 01").
   */
  ensure(project: Project, parent: BinHandle, path: string[]): Promise<BinRef> {
    const next = this.queue.then(
      () => this.ensureNow(project, parent, path),
      () => this.ensureNow(project, parent, path),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ensureNow(project: Project, parent: BinHandle, path: string[]): Promise<BinRef> {
    let current = parent;
    for (const raw of path) {
      const name = raw.trim();
      if (!name) throw new HostError("invalid-request", "A bin name cannot be empty.");
      current = await this.child(project, current, name);
    }
    return premiereCallSync("ProjectItem.getParentBin", { kind: "unexpected", message: "Premiere could not describe the bin" }, () =>
      describeBin(this.ppro, current.item),
    );
  }

  private async child(project: Project, parent: BinHandle, name: string): Promise<BinHandle> {
    const key = `${project.guid.toString()}|${parent.item.getId()}|${name}`;
    const items = await listBin(parent.folder);
    const bins = items.flatMap((item) => {
      const folder = asFolder(this.ppro, item);
      return folder ? [{ item, folder }] : [];
    });
    const remembered = this.made.get(key);
    const existing =
      bins.find((b) => remembered !== undefined && b.item.getId() === remembered) ?? bins.find((b) => b.item.name === name);
    if (existing) return this.keep(project, existing);

    const before = itemIds(items);
    const folder = parent.folder;
    commitInLock(project, `Shotbin: create bin "${name}"`, () => [
      premiereCallSync("FolderItem.createBinAction", { kind: "lock", message: `Premiere refused to prepare the bin "${name}"` }, () =>
        folder.createBinAction(name, true),
      ),
    ]);

    const deadline = this.timing.clock.now() + this.timing.timeoutMs;
    for (;;) {
      const fresh = (await listBin(parent.folder)).flatMap((item) => {
        const sub = before.has(item.getId()) ? null : asFolder(this.ppro, item);
        return sub ? [{ item, folder: sub }] : [];
      });
      const created =
        fresh.find((b) => b.item.name === name) ??
        fresh.find((b) => b.item.name.startsWith(name)) ??
        (fresh.length === 1 ? fresh[0] : undefined);
      if (created) {
        this.made.set(key, created.item.getId());
        return this.keep(project, created);
      }
      if (this.timing.clock.now() >= deadline) break;
      await this.timing.clock.sleep(this.timing.pollMs);
    }
    throw new HostError("not-found", `Premiere created the bin "${name}" but Shotbin could not find it.`, "FolderItem.getItems");
  }

  private keep(project: Project, bin: BinHandle): BinHandle {
    this.index.remember(project, bin.item);
    return bin;
  }
}
