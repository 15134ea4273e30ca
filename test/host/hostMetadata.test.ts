import type { ClipRef } from "../../src/host/premiereHost";
import { SHOT_COLUMNS } from "../../src/host/shotbinColumns";
import { findNode, hostFixture } from "./hostFixture";

async function importedClip() {
  const fixture = hostFixture();
  fixture.media.add("/renders/shot-07.mp4", { durationSeconds: 5 });
  fixture.fake.openProject({ name: "P" });
  const bin = await fixture.host.ensureBin(["Shotbin"]);
  const [outcome] = await fixture.host.importClips(["/renders/shot-07.mp4"], bin);
  if (!outcome?.ok) throw new Error("import failed");
  return { ...fixture, clip: outcome.clip };
}

function columnsOf(fixture: Awaited<ReturnType<typeof importedClip>>, clip: ClipRef) {
  const node = findNode(fixture.fake.snapshot().root, clip.id);
  return node?.kind === "clip" ? node.columns : undefined;
}

describe("setClipMetadata", () => {
  it("writes Shotbin's columns, which the Project panel then shows, and returns what it read back", async () => {
    const fixture = await importedClip();
    const readBack = await fixture.host.setClipMetadata(fixture.clip, {
      prompt: 'Slow dolly-in on a "lighthouse" at dusk & rain <4K>',
      model: "kling-2.6",
      provider: "kling",
      seed: 9007199254740993n.toString(),
      job: "job_01J9",
      costUsd: 0.35,
      shot: "12A",
      take: 2,
    });
    const expected = {
      prompt: 'Slow dolly-in on a "lighthouse" at dusk & rain <4K>',
      model: "kling-2.6",
      provider: "kling",
      seed: "9007199254740993",
      job: "job_01J9",
      cost: "0.35",
      shot: "12A",
      take: "2",
    };
    expect(readBack).toEqual(expected);
    expect(await fixture.host.readClipMetadata(fixture.clip)).toEqual(expected);
    expect(columnsOf(fixture, fixture.clip)).toEqual({
      "AI Prompt": expected.prompt,
      "AI Model": "kling-2.6",
      "AI Provider": "kling",
      "AI Seed": "9007199254740993",
      "AI Job": "job_01J9",
      "AI Cost": "0.35",
      Shot: "12A",
      Take: "2",
      "AI Source Still": "",
      "AI Source Still Job": "",
      QA: "",
    });
    expect(fixture.fake.transactions.at(-1)).toEqual({ label: 'Shotbin: set columns of "shot-07.mp4"', actionCount: 1 });
  });

  it("registers the columns once, with the runtime metadata type constants", async () => {
    const fixture = await importedClip();
    const register = jest.spyOn(fixture.fake.ppro.Metadata, "addPropertyToProjectMetadataSchema");
    await fixture.host.setClipMetadata(fixture.clip, { take: 1 });
    await fixture.host.setClipMetadata(fixture.clip, { take: 2 });
    expect(register).toHaveBeenCalledTimes(SHOT_COLUMNS.length);
    const { METADATA_TYPE_TEXT, METADATA_TYPE_INTEGER, METADATA_TYPE_REAL } = fixture.fake.ppro.Metadata;
    expect(register).toHaveBeenCalledWith("ShotbinPrompt", "AI Prompt", METADATA_TYPE_TEXT);
    expect(register).toHaveBeenCalledWith("ShotbinTake", "Take", METADATA_TYPE_INTEGER);
    expect(register).toHaveBeenCalledWith("ShotbinCost", "AI Cost", METADATA_TYPE_REAL);
    register.mockRestore();
  });

  it("updates only the fields given and keeps the others", async () => {
    const fixture = await importedClip();
    await fixture.host.setClipMetadata(fixture.clip, { prompt: "first", take: 1 });
    expect(await fixture.host.setClipMetadata(fixture.clip, { take: 3 })).toEqual({ prompt: "first", take: "3" });
  });

  it("fails with a metadata error when Premiere does not keep a value", async () => {
    const fixture = await importedClip();
    // An earlier Shotbin registered AI Cost as an integer column: Premiere will not store 0.35 in it.
    await fixture.fake.ppro.Metadata.addPropertyToProjectMetadataSchema(
      "ShotbinCost",
      "AI Cost",
      fixture.fake.ppro.Metadata.METADATA_TYPE_INTEGER,
    );
    await expect(fixture.host.setClipMetadata(fixture.clip, { costUsd: 0.35, take: 1 })).rejects.toMatchObject({
      name: "HostError",
      kind: "metadata",
      call: "Metadata.getProjectMetadata",
      message: expect.stringContaining('AI Cost (wrote "0.35", read "")'),
    });
  });

  it("refuses values a column cannot hold before touching Premiere", async () => {
    const fixture = await importedClip();
    const before = fixture.fake.transactions.length;
    await expect(fixture.host.setClipMetadata(fixture.clip, { take: 1.5 })).rejects.toMatchObject({ kind: "invalid-request" });
    await expect(fixture.host.setClipMetadata(fixture.clip, { costUsd: -1 })).rejects.toMatchObject({ kind: "invalid-request" });
    expect(fixture.fake.transactions).toHaveLength(before);
  });

  it("refuses a bin passed as a clip", async () => {
    const fixture = await importedClip();
    const bin = await fixture.host.ensureBin(["Shotbin"]);
    await expect(fixture.host.setClipMetadata({ ...bin, mediaPath: "" }, { take: 1 })).rejects.toMatchObject({
      kind: "not-found",
      call: "ClipProjectItem.cast",
    });
  });
});
