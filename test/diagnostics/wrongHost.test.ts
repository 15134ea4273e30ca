/**
 * The self-check against deliberately wrong Premieres: each breaks one assumption, and the check
 * for it must fail with an observation that says what happened, while the adapter's fallback
 * still does the right thing (and the checks that do not depend on it still pass).
 */
import { createServer } from "node:net";
import type { CheckEntry, SelfCheckReport } from "../../src/diagnostics/reportSchema";
import type { FakeMediaFile, FakeMediaStore } from "../../src/host/fake/fakeMediaStore";
import { selfCheckWorld, type WorldOptions } from "./support/selfCheckWorld";

async function runWith(options: WorldOptions, runOptions: Parameters<ReturnType<typeof selfCheckWorld>["run"]>[0] = {}) {
  const world = selfCheckWorld(options);
  try {
    const report = await world.run(runOptions);
    return { world, report, entry: (id: CheckEntry["id"]) => report.checks.find((c) => c.id === id) as CheckEntry };
  } finally {
    world.remove();
  }
}

function failedIds(report: SelfCheckReport): string[] {
  return report.checks.filter((c) => c.status === "fail").map((c) => c.id);
}

describe("a Premiere whose insertion bin ignores the selection", () => {
  it("fails target-bin, naming both bins, and Shotbin still uses the selected bin", async () => {
    let other = "";
    const { world, report, entry } = await runWith({
      arrange: (fake) => {
        fake.behaviour.insertionBinFollowsSelection = false;
        other = fake.addBin("Somewhere else");
        fake.setInsertionBin(other);
      },
    });
    expect(failedIds(report)).toEqual(["target-bin"]);
    const check = entry("target-bin");
    expect(check.observed).toBe(`getInsertionBin() answered a bin 1 level down (id ${other}), but a bin 1 level down (id ${world.editorBin}) is selected.`);
    expect(check.fallback).toContain("uses the selected bin: it did here");
    expect((await world.host.getContext()).targetBin).toMatchObject({ source: "selection", bin: { id: world.editorBin } });
  });
});

describe("a Premiere that lists imported items late", () => {
  it("fails import-discovery with the delay, and Shotbin's import still finds both clips as new items", async () => {
    const { report, entry } = await runWith({ arrange: (fake) => (fake.behaviour.importVisibleAfterListings = 2) });
    expect(failedIds(report)).toEqual(["import-discovery"]);
    expect(entry("import-discovery").observed).toBe(
      "importFiles resolved true after 0 ms; the new item was listed only after 200 ms (3 listings); the id diff and the media-path match found the same single item.",
    );
    expect(entry("import-discovery").fallback).toContain("it found the clip after 200 ms");
    expect(entry("import")).toMatchObject({ status: "pass", details: { mp4: "new-item", mov: "new-item" } });
  });
});

describe("a Premiere that imports into the root whatever the target bin", () => {
  it("fails import with where the clips went, and Shotbin still finds and uses them", async () => {
    const { report, entry } = await runWith({
      arrange: (fake) => (fake.behaviour.importIgnoresTargetBin = true),
      host: { discoveryTimeoutMs: 300 },
    });
    expect(failedIds(report)).toEqual(["import-discovery", "import"]);
    expect(entry("import").observed).toContain("MP4: not in the scratch bin; found elsewhere in the project; MOV: not in the scratch bin; found elsewhere in the project");
    expect(entry("import").fallback).toBe("Shotbin found every clip by its media path (in the root bin) and uses it where Premiere put it.");
    // The clips were still usable: their XMP, columns, markers and placements all passed.
    for (const id of ["xmp-mp4", "xmp-mov", "columns", "clip-markers", "overwrite-edit"] as const) expect(entry(id).status).toBe("pass");
  });
});

describe("a Premiere before 26.3 (no lock rules)", () => {
  it("records what happens and passes, noting the version", async () => {
    const { report, entry } = await runWith({ version: "25.6.0", arrange: (fake) => (fake.behaviour.locksEnforced = false) });
    expect(failedIds(report)).toEqual([]);
    expect(entry("lock-rules")).toMatchObject({
      status: "pass",
      expected: expect.stringContaining("recorded only"),
      observed:
        "On 25.6.0: creating an action outside a lock did not throw; an action made under one lock and committed under another was accepted (executeTransaction answered true).",
      note: expect.stringContaining("predates the documented rule"),
    });
  });
});

describe("a Premiere 26.3 that does not enforce the lock rules", () => {
  it("fails lock-rules, and everything Shotbin does still works", async () => {
    const { world, report, entry } = await runWith({ arrange: (fake) => (fake.behaviour.locksEnforced = false) });
    expect(failedIds(report)).toEqual(["lock-rules"]);
    expect(entry("lock-rules").observed).toContain("On 26.3.0: creating an action outside a lock did not throw");
    expect(entry("lock-rules").fallback).toContain("always makes its actions inside lockedAccess");
    expect(world.fake.violations).toEqual([]);
  });
});

describe("a Premiere whose overwrite does not see an in/out set in the same transaction", () => {
  it("fails overwrite-edit saying what was trimmed, and the next placement lands exactly without a trim", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { world, report, entry } = await runWith({ arrange: (fake) => (fake.behaviour.overwriteReadsInOutAtCreation = true) }, { keepScratch: true });
      expect(failedIds(report)).toEqual(["overwrite-edit"]);
      expect(entry("overwrite-edit").observed).toBe(
        "Premiere did not apply the in/out set in the same transaction: the clip at frame 66 came out longer than 17 frames and was trimmed. After trimming both sit exactly.",
      );
      expect(entry("new-track").status).toBe("pass");
      const sequence = world.fake.snapshot().sequences.find((s) => s.name === report.scratch.sequence);
      expect(sequence?.tracks.map((t) => t.items.map((i) => [i.startFrame, i.endFrame]))).toEqual([
        [
          [37, 66],
          [66, 83],
        ],
        // clone-disable's switched-off copy of the MOV, one track up.
        [[66, 83]],
        [],
        [[10, 22]],
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("a Premiere that sends no import-complete event", () => {
  it("fails the event check only", async () => {
    const { report, entry } = await runWith({ arrange: (fake) => (fake.behaviour.emitsImportComplete = false) });
    expect(failedIds(report)).toEqual(["event-import-complete"]);
    expect(entry("event-import-complete")).toMatchObject({ observed: "No IMPORT_MEDIA_COMPLETE within 1000 ms of the imports.", fallback: expect.stringContaining("polls the bin") });
  });
});

describe("a Premiere that does not read the XMP in the files", () => {
  it("fails the XMP and date checks with the missing fields, and the columns still carry the metadata", async () => {
    // The same files, but "Premiere" sees no XMP in them.
    const blind = (store: FakeMediaStore): FakeMediaStore => ({
      probe: async (path) => {
        const file = await store.probe(path);
        if (!file) return file;
        const { xmp: _dropped, ...rest } = file as FakeMediaFile;
        return rest;
      },
    });
    const { report, entry } = await runWith({ wrapMedia: blind });
    expect(failedIds(report)).toEqual(["xmp-mp4", "xmp-mov", "creation-date-mp4", "creation-date-mov"]);
    expect(entry("xmp-mp4").observed).toBe(
      "missing: provider, model, prompt, seed, duration, aspectRatio, resolution, jobId, generatedAt, shotId, shotName, take, dc:description.",
    );
    expect(entry("creation-date-mov").observed).toBe("No xmp:CreateDate in the packet.");
    expect(entry("xmp-mov").fallback).toContain("Project-panel columns");
    expect(entry("columns").status).toBe("pass");
  });
});

describe("markers without guids (Premiere before 26.3)", () => {
  it("pass, noting that markers are found by start and name", async () => {
    const { entry } = await runWith({ arrange: (fake) => (fake.behaviour.markersWithoutGuid = true) });
    expect(entry("clip-markers")).toMatchObject({ status: "pass", note: expect.stringContaining("finds them by start time and name") });
  });
});

describe("a relay that cannot be reached", () => {
  it("fails both network checks with what happened", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const { report, entry } = await runWith({ relay: { url: `http://127.0.0.1:${port}`, token: "secret-token-123" } });
    expect(failedIds(report)).toEqual(["network-fetch", "network-websocket"]);
    expect(entry("network-fetch").observed).toMatch(new RegExp(`^fetch to http://127\\.0\\.0\\.1:${port} failed after \\d+ ms: `));
    expect(entry("network-websocket").observed).toMatch(new RegExp(`^The WebSocket to ws://127\\.0\\.0\\.1:${port} did not open`));
    expect(JSON.stringify(report)).not.toContain("secret-token-123");
  });
});

describe("a Premiere that writes an exported frame with its extension doubled", () => {
  it("fails frame-export, naming where the file went, and Shotbin still finds (and removes) it", async () => {
    const { world, report, entry } = await runWith({ arrange: (fake) => (fake.behaviour.frameExportNaming = "double-extension") });
    expect(failedIds(report)).toEqual(["frame-export"]);
    expect(entry("frame-export")).toMatchObject({
      observed: "Written with its extension doubled; a 1920×1080 PNG (sequence 1920×1080).",
      fallback: expect.stringContaining("looks for the doubled name too"),
      details: { foundAs: "double-extension", width: 1920, height: 1080 },
    });
    expect(world.fake.frameExports.at(-1)?.writtenTo).toMatch(/-frame\.png\.png$/);
  });
});

describe("a Premiere that cannot export frames", () => {
  it("fails frame-export with Premiere's answer and the consequence", async () => {
    const { report, entry } = await runWith({ noFrames: true });
    expect(failedIds(report)).toEqual(["frame-export"]);
    expect(entry("frame-export").observed).toContain("did not export frame 50");
    expect(entry("frame-export").fallback).toContain("they stop with this message before anything is sent");
  });
});

describe("a Premiere that refuses the root's ProjectItem as an import target", () => {
  it("fails import-root-forms, saying that null worked (Shotbin's fallback, tested in hostImport.test.ts)", async () => {
    let restore = () => undefined as void;
    const refuseRootItem = async (fake: Parameters<NonNullable<WorldOptions["arrange"]>>[0]) => {
      const rootId = fake.rootId();
      // Every fake project view shares this prototype: patched for this run only.
      const prototype = Object.getPrototypeOf(await fake.ppro.Project.getActiveProject()) as { importFiles: (...args: unknown[]) => Promise<boolean> };
      const original = prototype.importFiles;
      restore = () => void (prototype.importFiles = original);
      prototype.importFiles = function (this: unknown, ...args: unknown[]) {
        const target = args[2] as { getId?: () => string } | null;
        if (target && target.getId?.() === rootId) return Promise.reject(new Error("Illegal Parameter type (targetBin)"));
        return original.apply(this, args);
      };
    };
    let patched: Promise<void> = Promise.resolve();
    const run = runWith({ arrange: (fake) => void (patched = refuseRootItem(fake)) });
    await patched;
    const { report, entry } = await run.finally(() => restore());
    expect(failedIds(report)).toEqual(["import-root-forms"]);
    expect(entry("import-root-forms")).toMatchObject({
      observed: expect.stringMatching(/^With the root's ProjectItem: answered threw \(Illegal Parameter type \(targetBin\)\), no clip appeared in the root\. With null: answered true, the clip is in the root\.$/),
      fallback: expect.stringContaining("imports again with null, which worked here"),
    });
  });
});
