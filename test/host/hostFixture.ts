/** A fake Premiere, its media store and a PremiereHost over it, with a clock that never really waits. */
import type { Clock } from "../../src/core/seams/clock";
import { createPremiereHost, type PremiereHostOptions } from "../../src/host/premiere/createPremiereHost";
import type { PremiereHost } from "../../src/host/premiereHost";
import { createFakePremiere, type FakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";
import type { SnapshotNode } from "../../src/host/fake/fakeSnapshot";

export interface ManualClock extends Clock {
  /** Total milliseconds slept. */
  slept(): number;
}

export function manualClock(): ManualClock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    slept: () => now,
  };
}

export interface HostFixture {
  fake: FakePremiere;
  media: InMemoryMediaStore;
  host: PremiereHost;
  clock: ManualClock;
}

export function hostFixture(options: Partial<PremiereHostOptions> = {}): HostFixture {
  const media = new InMemoryMediaStore();
  const fake = createFakePremiere({ media });
  const clock = manualClock();
  const host = createPremiereHost(fake.ppro, { fileExists: media.exists, clock, ...options });
  return { fake, media, host, clock };
}

/** Names of bins and clips as nested arrays, the way the Project panel shows them. */
export function tree(node: SnapshotNode | null): unknown {
  if (!node) return null;
  if (node.kind === "clip") return node.name;
  return { [node.name]: node.children.map(tree) };
}

export function findNode(node: SnapshotNode | null, id: string): SnapshotNode | undefined {
  if (!node) return undefined;
  if (node.id === id) return node;
  if (node.kind === "clip") return undefined;
  for (const child of node.children) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}
