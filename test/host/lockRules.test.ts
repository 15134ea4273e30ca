/**
 * The adapter with its locking step swapped for a wrong one must fail against the fake, leave
 * the project untouched, and name the broken rule. The same operations with the real locking
 * step succeed on the same fake, so the failures come from the locking alone.
 */
import type { Action, Project } from "@adobe/premierepro";
import type { LockRule } from "../../src/host/fake/lockDiscipline";
import type { ClipRef, PremiereHost } from "../../src/host/premiereHost";
import type * as HostModule from "../../src/host/premiere/createPremiereHost";
import { hostFixture, type HostFixture } from "./hostFixture";

type CommitInLock = (project: Project, undoLabel: string, createActions: () => Action[]) => void;

const commitAll = (project: Project, label: string, actions: Action[]) =>
  project.executeTransaction((compound) => {
    for (const action of actions) compound.addAction(action);
  }, label);

const wrongVariants: { name: string; commit: CommitInLock; rule: LockRule }[] = [
  {
    name: "creates the actions before taking the lock (the pre-26.3 pattern)",
    rule: "action-outside-lock",
    commit: (project, label, createActions) => {
      const actions = createActions();
      project.lockedAccess(() => commitAll(project, label, actions));
    },
  },
  {
    name: "awaits inside the lock callback",
    rule: "async-callback",
    commit: (project, label, createActions) => {
      project.lockedAccess((async () => {
        await Promise.resolve();
        commitAll(project, label, createActions());
      }) as unknown as () => void);
    },
  },
  {
    name: "creates the actions under one lock and commits them under another",
    rule: "stale-action",
    commit: (project, label, createActions) => {
      let actions: Action[] = [];
      project.lockedAccess(() => {
        actions = createActions();
      });
      project.lockedAccess(() => commitAll(project, label, actions));
    },
  },
];

/** A PremiereHost over `fixture`'s fake whose lockedTransaction module is `commit`. */
function hostWithCommit(fixture: HostFixture, commit: CommitInLock): PremiereHost {
  let host: PremiereHost | undefined;
  jest.isolateModules(() => {
    jest.doMock("../../src/host/premiere/lockedTransaction", () => ({ commitInLock: commit }));
    const { createPremiereHost } = require("../../src/host/premiere/createPremiereHost") as typeof HostModule;
    host = createPremiereHost(fixture.fake.ppro, { fileExists: fixture.media.exists, clock: fixture.clock });
  });
  if (!host) throw new Error("host not created");
  return host;
}

async function projectWithClip() {
  const fixture = hostFixture();
  fixture.media.add("/renders/a.mp4", { durationSeconds: 5 });
  fixture.fake.openProject({ name: "P" });
  fixture.fake.addSequence({ name: "Edit", fps: 23.976 });
  const bin = await fixture.host.ensureBin(["Shotbin"]);
  const [outcome] = await fixture.host.importClips(["/renders/a.mp4"], bin);
  if (!outcome?.ok) throw new Error("import failed");
  // Registers Shotbin's columns (not an undoable edit), so that registering them is not the change under test.
  await fixture.host.setClipMetadata(outcome.clip, {});
  return { ...fixture, clip: outcome.clip };
}

const operations: { name: string; run: (host: PremiereHost, clip: ClipRef) => Promise<unknown> }[] = [
  { name: "placeClips", run: (host, clip) => host.placeClips([{ clip, at: { frames: 24 }, track: 0, duration: { frames: 48 } }]) },
  { name: "setClipMetadata", run: (host, clip) => host.setClipMetadata(clip, { prompt: "a fox", take: 1 }) },
  { name: "ensureBin", run: (host) => host.ensureBin(["Another"]) },
  { name: "addSequenceMarker", run: (host) => host.addSequenceMarker({ name: "Pending", at: { frames: 0 } }) },
  { name: "setColourLabel", run: (host, clip) => host.setColourLabel(clip, "mango") },
  { name: "setClipInOut", run: (host, clip) => host.setClipInOut(clip, { in: { seconds: 1 }, out: { seconds: 2 } }) },
  { name: "setSequenceInOut", run: (host) => host.setSequenceInOut({ in: { frames: 2 }, out: { frames: 20 } }) },
  { name: "placeClipAt", run: (host, clip) => host.placeClipAt({ clip, at: { frames: 24 }, track: 0, durationFrames: 12, sourceInFrame: 3 }) },
];

describe.each(wrongVariants)("an adapter that $name", ({ commit, rule }) => {
  it.each(operations)("fails $name with a HostError, changes nothing, and breaks the rule", async ({ run }) => {
    const fixture = await projectWithClip();
    const wrong = hostWithCommit(fixture, commit);
    const before = fixture.fake.snapshot();

    const error = await run(wrong, fixture.clip).then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((resolve) => setTimeout(resolve, 0)); // let an async callback's remainder run

    expect(error).toMatchObject({ name: "HostError", kind: expect.any(String), message: expect.any(String) });
    expect(fixture.fake.violations.map((v) => v.rule)).toContain(rule);
    expect(fixture.fake.snapshot()).toEqual(before);
  });
});

describe("the real adapter", () => {
  it.each(operations)("does $name on the same fake without breaking a rule", async ({ run }) => {
    const fixture = await projectWithClip();
    const before = fixture.fake.transactions.length;
    await run(fixture.host, fixture.clip);
    expect(fixture.fake.violations).toEqual([]);
    expect(fixture.fake.transactions.length).toBeGreaterThan(before);
  });
});
