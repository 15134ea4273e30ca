import type { premierepro } from "@adobe/premierepro";
import { HostError } from "../../src/core/errors";
import { createPremiereHost } from "../../src/host/premiere/createPremiereHost";
import type { ContextChange } from "../../src/host/premiereHost";
import { hostFixture } from "./hostFixture";

describe("getContext", () => {
  it("reports nothing open without failing", async () => {
    const { host } = hostFixture();
    expect(await host.getContext()).toEqual({ project: null, targetBin: null, sequence: null });
  });

  it("describes the project, the root as target bin, and no sequence", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "Trailer", path: "/work/Trailer.prproj" });
    const context = await host.getContext();
    expect(context.project).toEqual({ id: expect.any(String), name: "Trailer", path: "/work/Trailer.prproj" });
    expect(context.targetBin).toEqual({ source: "insertion-bin", bin: { id: fake.rootId(), name: "Trailer", path: [] } });
    expect(context.sequence).toBeNull();
  });

  it("prefers a selected bin, then the insertion bin, then the root", async () => {
    const { fake, host } = hostFixture();
    fake.openProject({ name: "P" });
    const shots = fake.addBin("Shots");
    const day1 = fake.addBin("Day 1", shots);
    const other = fake.addBin("Other");
    const clip = fake.addClip("/m/clip.mp4", 3, other);

    fake.setInsertionBin(other);
    fake.select([clip, day1]);
    expect((await host.getContext()).targetBin).toEqual({ source: "selection", bin: { id: day1, name: "Day 1", path: ["Shots", "Day 1"] } });

    fake.select([clip]);
    expect((await host.getContext()).targetBin).toEqual({ source: "insertion-bin", bin: { id: other, name: "Other", path: ["Other"] } });

    fake.behaviour.insertionBinFails = true;
    fake.behaviour.selectionFails = true;
    expect((await host.getContext()).targetBin).toEqual({ source: "root", bin: { id: fake.rootId(), name: "P", path: [] } });
  });

  it("describes the active sequence in frames", async () => {
    const { fake, host } = hostFixture();
    fake.openProject();
    const id = fake.addSequence({ name: "Edit", fps: 23.976, width: 3840, height: 2160, videoTracks: 2 });
    fake.setPlayhead(id, 48);
    expect((await host.getContext()).sequence).toEqual({
      id,
      name: "Edit",
      frameRate: { fps: expect.closeTo(24000 / 1001, 9), ticksPerFrame: (254016000000 * 1001) / 24000 },
      frameSize: { width: 3840, height: 2160 },
      videoTrackCount: 2,
      endFrame: 0,
      playheadFrame: 48,
    });
  });
});

describe("errors from Premiere", () => {
  it("turns a rejected string into a HostError naming the call", async () => {
    const { fake } = hostFixture();
    fake.openProject();
    const broken: premierepro = {
      ...fake.ppro,
      Project: { ...fake.ppro.Project, getActiveProject: () => Promise.reject("Scripting thread busy") },
    };
    const host = createPremiereHost(broken, { fileExists: async () => true });
    const error = await host.getContext().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ kind: "unexpected", call: "Project.getActiveProject", message: expect.stringContaining("Scripting thread busy") });
  });

  it("turns a thrown plain object into a HostError too", async () => {
    const { fake } = hostFixture();
    fake.openProject();
    fake.addSequence({ name: "S", fps: 25 });
    const project = await fake.ppro.Project.getActiveProject();
    const sequence = await project.getActiveSequence();
    const brokenSequence = Object.create(sequence, { getSettings: { value: () => Promise.reject({ code: 7 }) } });
    const broken: premierepro = {
      ...fake.ppro,
      Project: {
        ...fake.ppro.Project,
        getActiveProject: async () => Object.create(project, { getActiveSequence: { value: async () => brokenSequence } }),
      },
    };
    const host = createPremiereHost(broken, { fileExists: async () => true });
    await expect(host.getContext()).rejects.toMatchObject({
      name: "HostError",
      call: "Sequence.getSettings",
      message: expect.stringContaining('{"code":7}'),
    });
  });

  it("refuses operations that need a project with no-project", async () => {
    const { host } = hostFixture();
    await expect(host.ensureBin(["Shotbin"])).rejects.toMatchObject({ kind: "no-project", call: "Project.getActiveProject" });
  });
});

describe("onContextChanged", () => {
  it("reports project, selection and sequence changes until unsubscribed", () => {
    const { fake, host } = hostFixture();
    const changes: ContextChange[] = [];
    const unsubscribe = host.onContextChanged((change) => changes.push(change));
    fake.openProject();
    const bin = fake.addBin("B");
    fake.select([bin]);
    const sequence = fake.addSequence({ name: "S", fps: 25 });
    fake.closeSequence(sequence);
    fake.closeProject();
    expect(changes.map((c) => c.reason)).toEqual([
      "project-opened",
      "project-activated",
      "project-selection-changed",
      "sequence-activated",
      "sequence-closed",
      "project-closed",
    ]);
    unsubscribe();
    fake.openProject();
    expect(changes).toHaveLength(6);
  });

  it("never lets a listener's exception reach Premiere", () => {
    const { fake, host } = hostFixture();
    const quiet = jest.spyOn(console, "error").mockImplementation(() => undefined);
    host.onContextChanged(() => {
      throw new Error("panel bug");
    });
    fake.openProject();
    expect(fake.listenerErrors).toEqual([]);
    expect(quiet).toHaveBeenCalled();
    quiet.mockRestore();
  });
});
