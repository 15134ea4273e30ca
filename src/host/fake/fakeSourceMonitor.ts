/**
 * `SourceMonitor`: a clip opened by project item or by file path, its position, and the clips it
 * keeps open. The API has no In/Out of its own; marks an editor sets on a project item in the
 * Source Monitor are that item's in/out points (`ClipProjectItem.getInPoint`), which the fake's
 * `markSourceInOut` control sets as the editor's I and O keys would. A file opened by path has no
 * project item (`getProjectItem` answers null; UNCONFIRMED, self-check `source-monitor`).
 */
import type { ProjectItem, TickTime } from "@adobe/premierepro";
import { itemIdOf, itemViewKinds, projectItem } from "./fakeProjectItems";
import type { FakeSourceClip } from "./fakeState";
import { ticksOf, tickTime } from "./fakeTime";
import type { FakeWorld } from "./fakeWorld";
import { hostNull } from "./officialShapes";

export function sourceMonitorStatic(world: FakeWorld) {
  const current = (): FakeSourceClip | undefined => world.sourceClips[world.sourceClips.length - 1];
  const illegal = (call: string, what: string) => world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call}: ${what})`);
  const open = (clip: FakeSourceClip) => {
    world.sourceClips = world.sourceClips.filter((c) => !(c.itemId === clip.itemId && c.mediaPath === clip.mediaPath));
    world.sourceClips.push(clip);
  };
  return {
    async openFilePath(filePath: string): Promise<boolean> {
      const call = "SourceMonitor.openFilePath";
      if (typeof filePath !== "string" || filePath === "") throw illegal(call, "filePath");
      const file = await world.media.probe(filePath);
      if (!file || file.unreadable) return false;
      open({ itemId: null, mediaPath: filePath, durationTicks: BigInt(Math.round(file.durationSeconds * 254016000000)), positionTicks: 0n });
      return true;
    },

    async openProjectItem(item: ProjectItem): Promise<boolean> {
      const call = "SourceMonitor.openProjectItem";
      // The types ask for a ProjectItem; a ClipProjectItem view is a different object in Premiere.
      const id = itemIdOf(world, item, call, [itemViewKinds.projectItem]);
      const clip = world.item(id, call).clip;
      if (!clip) return false;
      open({ itemId: id, mediaPath: clip.mediaPath, durationTicks: clip.durationTicks, positionTicks: clip.inTicks ?? 0n });
      return true;
    },

    async closeClip(): Promise<boolean> {
      if (!current()) return false;
      world.sourceClips.pop();
      return true;
    },

    async closeAllClips(): Promise<boolean> {
      world.sourceClips = [];
      return true;
    },

    async getPosition(): Promise<TickTime> {
      return tickTime(current()?.positionTicks ?? 0n);
    },

    /** Since 26.3. False when nothing is open or the time is outside the clip. */
    async setPosition(position: TickTime): Promise<boolean> {
      const ticks = ticksOf(position, "SourceMonitor.setPosition");
      const clip = current();
      if (!clip || ticks < 0n || ticks > clip.durationTicks) return false;
      clip.positionTicks = ticks;
      return true;
    },

    async play(speed?: number): Promise<boolean> {
      if (speed !== undefined && (typeof speed !== "number" || !Number.isFinite(speed))) throw illegal("SourceMonitor.play", "speed");
      return current() !== undefined;
    },

    /** The project item shown, or null (nothing open, or a file opened by path). */
    async getProjectItem(): Promise<ProjectItem> {
      const clip = current();
      if (!clip?.itemId || !world.project?.items[clip.itemId]) return hostNull<ProjectItem>();
      return projectItem(world, clip.itemId);
    },
  };
}
