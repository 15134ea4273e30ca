import { findNode, hostFixture } from "./hostFixture";

async function withSequence(fps = 25) {
  const fixture = hostFixture();
  fixture.media.add("/renders/shot.mp4", { durationSeconds: 6 });
  fixture.fake.openProject({ name: "P" });
  const sequenceId = fixture.fake.addSequence({ name: "Edit", fps });
  const bin = await fixture.host.ensureBin(["Shotbin"]);
  const [outcome] = await fixture.host.importClips(["/renders/shot.mp4"], bin);
  if (!outcome?.ok) throw new Error("import failed");
  return { ...fixture, sequenceId, clip: outcome.clip };
}

const sequenceMarkers = (fixture: Awaited<ReturnType<typeof withSequence>>) =>
  fixture.fake.snapshot().sequences.find((s) => s.id === fixture.sequenceId)?.markers ?? [];

describe("sequence markers", () => {
  it("adds a coloured marker at an exact frame with comments and a duration", async () => {
    const fixture = await withSequence(29.97);
    const ref = await fixture.host.addSequenceMarker({
      name: "Shot 3 (pending)",
      comments: "kling-2.6 · job_01",
      colour: "yellow",
      at: { frames: 300 },
      duration: { frames: 150 },
    });
    const ticksPerFrame = (254016000000n * 1001n) / 30000n;
    expect(sequenceMarkers(fixture)).toEqual([
      {
        name: "Shot 3 (pending)",
        comments: "kling-2.6 · job_01",
        colour: "yellow",
        type: fixture.fake.ppro.Marker.MARKER_TYPE_COMMENT,
        startTicks: (300n * ticksPerFrame).toString(),
        durationTicks: (150n * ticksPerFrame).toString(),
      },
    ]);
    expect(ref).toEqual({
      owner: { kind: "sequence", sequenceId: fixture.sequenceId },
      id: expect.any(String),
      name: "Shot 3 (pending)",
      startTicks: (300n * ticksPerFrame).toString(),
    });
  });

  it("updates a pending shot's marker when it finishes, then removes it", async () => {
    const fixture = await withSequence();
    const pending = await fixture.host.addSequenceMarker({ name: "Shot 1 (pending)", colour: "yellow", at: { frames: 0 }, duration: { frames: 125 } });
    const done = await fixture.host.updateMarker(pending, { name: "Shot 1", colour: "green", comments: "placed", duration: { frames: 120 } });
    expect(done.id).toBe(pending.id);
    expect(sequenceMarkers(fixture)).toEqual([
      expect.objectContaining({ name: "Shot 1", colour: "green", comments: "placed", durationTicks: (120n * 10160640000n).toString() }),
    ]);
    const failed = await fixture.host.updateMarker(done, { colour: "red", comments: "content policy" });
    expect(sequenceMarkers(fixture)[0]).toMatchObject({ colour: "red", comments: "content policy" });
    await fixture.host.removeMarker(failed);
    expect(sequenceMarkers(fixture)).toEqual([]);
  });

  it("answers an update with no change without a transaction (an empty one reads as a refusal)", async () => {
    const fixture = await withSequence();
    const ref = await fixture.host.addSequenceMarker({ name: "Shot 1", colour: "yellow", at: { frames: 10 } });
    const before = fixture.fake.transactions.length;
    const same = await fixture.host.updateMarker(ref, {});
    expect(same).toEqual(ref);
    expect(fixture.fake.transactions.length).toBe(before);
    expect(fixture.fake.lastTransactionFailure).toBeUndefined();
    // The fake answers an empty transaction as Premiere does: false, no undo step.
    const project = await fixture.fake.ppro.Project.getActiveProject();
    expect(project.executeTransaction(() => undefined, "empty")).toBe(false);
    expect(fixture.fake.transactions.length).toBe(before);
  });

  it("keeps markers at the same time apart", async () => {
    const fixture = await withSequence();
    const a = await fixture.host.addSequenceMarker({ name: "A", colour: "blue", at: { frames: 10 } });
    const b = await fixture.host.addSequenceMarker({ name: "B", colour: "cyan", at: { frames: 10 } });
    expect(a.id).not.toBe(b.id);
    await fixture.host.updateMarker(a, { colour: "magenta" });
    expect(sequenceMarkers(fixture).map((m) => [m.name, m.colour])).toEqual([
      ["A", "magenta"],
      ["B", "cyan"],
    ]);
  });

  it("records the marker and its colour as undo steps with Shotbin's label", async () => {
    const fixture = await withSequence();
    const before = fixture.fake.transactions.length;
    await fixture.host.addSequenceMarker({ name: "Cue", colour: "orange", at: { seconds: 1.5 } });
    expect(fixture.fake.transactions.slice(before).map((t) => t.label)).toEqual(['Shotbin: mark "Cue"', 'Shotbin: mark "Cue"']);
  });

  it("finds and updates markers by start and name where Premiere gives them no guid (before 26.3)", async () => {
    const fixture = await withSequence();
    fixture.fake.behaviour.markersWithoutGuid = true;
    const first = await fixture.host.addSequenceMarker({ name: "Shot 1", colour: "yellow", at: { frames: 0 } });
    const second = await fixture.host.addSequenceMarker({ name: "Shot 2", colour: "yellow", at: { frames: 50 } });
    expect(first.id).toBe(`0|Shot 1`);
    const renamed = await fixture.host.updateMarker(second, { name: "Shot 2 (take 2)", colour: "green" });
    expect(renamed.id).toBe(`${50n * 10160640000n}|Shot 2 (take 2)`);
    expect(sequenceMarkers(fixture).map((m) => [m.name, m.colour])).toEqual([
      ["Shot 1", "yellow"],
      ["Shot 2 (take 2)", "green"],
    ]);
  });

  it("refuses without an active sequence", async () => {
    const fixture = await withSequence();
    fixture.fake.closeSequence(fixture.sequenceId);
    await expect(fixture.host.addSequenceMarker({ name: "X", at: { frames: 0 } })).rejects.toMatchObject({ kind: "no-sequence" });
  });

  it("reports a marker the editor deleted as not-found", async () => {
    const fixture = await withSequence();
    const ref = await fixture.host.addSequenceMarker({ name: "Gone", at: { frames: 5 } });
    fixture.fake.undo();
    await expect(fixture.host.updateMarker(ref, { colour: "red" })).rejects.toMatchObject({ kind: "not-found" });
  });
});

describe("clip markers", () => {
  it("adds a marker on the clip in the Project panel", async () => {
    const fixture = await withSequence();
    const ref = await fixture.host.addClipMarker(fixture.clip, { name: "Prompt", comments: "A fox at dawn", colour: "blue", atSeconds: 0, durationSeconds: 2 });
    expect(ref.owner).toEqual({ kind: "clip", clipId: fixture.clip.id });
    const node = findNode(fixture.fake.snapshot().root, fixture.clip.id);
    expect(node?.kind === "clip" && node.markers).toEqual([
      expect.objectContaining({ name: "Prompt", comments: "A fox at dawn", colour: "blue", durationTicks: (2n * 254016000000n).toString() }),
    ]);
  });

  it("takes clip marker times in seconds only", async () => {
    const fixture = await withSequence();
    const ref = await fixture.host.addClipMarker(fixture.clip, { name: "P", atSeconds: 1 });
    await expect(fixture.host.updateMarker(ref, { duration: { frames: 3 } })).rejects.toMatchObject({ kind: "invalid-request" });
    await expect(fixture.host.addClipMarker(fixture.clip, { name: "Q", atSeconds: -1 })).rejects.toMatchObject({ kind: "invalid-request" });
  });
});
