/**
 * A report is attached to public bug reports, so it must carry no API key, no relay token, no
 * path outside the self-check's scratch folder, no name from the editor's project and no prompt
 * but the test clip's. The world here is full of such things, and some checks are made to fail
 * with errors that quote paths, so the scan has something to find if redaction slips.
 */
import { tmpdir } from "node:os";
import { findForbidden, redactionsFor, redactText } from "../../src/diagnostics/reportPrivacy";
import { reportClipboardText } from "../../src/diagnostics/reportText";
import type { SelfCheckReport } from "../../src/diagnostics/reportSchema";
import { startTestRelay, TOKENS, type TestRelay } from "../relay/support/relayHarness";
import { ASSETS, PRIVATE, selfCheckWorld } from "./support/selfCheckWorld";

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.close();
});

function forbiddenIn(report: SelfCheckReport, scratch: string): string[] {
  const text = `${JSON.stringify(report)}\n${reportClipboardText(report)}`;
  return findForbidden(text, [
    PRIVATE.projectName,
    PRIVATE.projectPath,
    PRIVATE.binName,
    PRIVATE.clipPath,
    PRIVATE.prompt,
    ...Object.values(PRIVATE.apiKeys),
    TOKENS.ana,
    scratch,
    ASSETS,
    tmpdir(),
    process.cwd(),
    "/Users/",
    relay.relay.url.replace(/^http:\/\/127\.0\.0\.1/, "http://localhost"),
  ]);
}

describe("what a report may contain", () => {
  it("holds nothing private after a passing run", async () => {
    const world = selfCheckWorld({ relay: { url: relay.relay.url, token: TOKENS.ana } });
    try {
      // The editor's own shot, in the bin the self-check asks them to click, with its prompt in Shotbin's columns.
      const clipId = world.fake.addClip(PRIVATE.clipPath, 3, world.editorBin);
      await world.host.setClipMetadata({ id: clipId, name: "A001_C003_0412.mov", mediaPath: PRIVATE.clipPath }, { prompt: PRIVATE.prompt });
      const report = await world.run({ keepScratch: true });
      expect(report.summary.fail).toBe(0);
      expect(forbiddenIn(report, world.scratch)).toEqual([]);
    } finally {
      world.remove();
    }
  });

  it("redacts the paths that errors quote when checks fail", async () => {
    const world = selfCheckWorld({
      relay: { url: relay.relay.url, token: "not-the-token-0000" },
      host: { discoveryTimeoutMs: 200 },
      // "Premiere" cannot decode the clip copies: the import errors quote their full paths.
      wrapMedia: (store) => ({
        probe: async (path) => {
          const file = await store.probe(path);
          return file && path.includes("-clip.") ? { ...file, unreadable: true } : file;
        },
      }),
    });
    try {
      const report = await world.run();
      const importEntry = report.checks.find((c) => c.id === "import");
      expect(importEntry?.status).toBe("fail");
      expect(importEntry?.observed).toContain("<scratch>/shotbin-self-check-");
      expect(forbiddenIn(report, world.scratch)).toEqual([]);
      expect(JSON.stringify(report)).not.toContain("not-the-token-0000");
      expect(report.checks.find((c) => c.id === "network-websocket")?.observed).toContain("refused the token (4401)");
    } finally {
      world.remove();
    }
  });
});

it("quotes only the test clip's prompt when an XMP check fails", async () => {
  const world = selfCheckWorld({
    // "Premiere" folds the prompt's newline, as an attribute-form serializer would.
    wrapMedia: (store) => ({
      probe: async (path) => {
        const file = await store.probe(path);
        return file?.xmp ? { ...file, xmp: file.xmp.replace(/lighthouse at dusk\.\n/g, "lighthouse at dusk. ") } : file;
      },
    }),
  });
  try {
    const report = await world.run();
    const xmp = report.checks.find((c) => c.id === "xmp-mp4");
    expect(xmp?.status).toBe("fail");
    expect(xmp?.observed).toContain('different: prompt (read "Shotbin self-check clip: a lighthouse at dusk. Second line');
    expect(forbiddenIn(report, world.scratch)).toEqual([]);
  } finally {
    world.remove();
  }
});

describe("redaction", () => {
  const redactions = redactionsFor({
    scratchFolder: "C:\\Users\\ana\\AppData\\Local\\Temp\\",
    bundledClips: ["/Applications/Shotbin/assets/diagnostics/self-check.mp4"],
    projectPath: "/Users/ana/Heist.prproj",
    projectName: "Heist",
    relayToken: "tok-123",
  });

  it("replaces folders in either slash style, the project and the token", () => {
    expect(redactText("C:/Users/ana/AppData/Local/Temp/x.mp4 and C:\\Users\\ana\\AppData\\Local\\Temp\\y.mov", redactions)).toBe(
      "<scratch>/x.mp4 and <scratch>\\y.mov",
    );
    expect(redactText("could not open /Applications/Shotbin/assets/diagnostics/self-check.mov", redactions)).toBe(
      "could not open <bundled clips>/self-check.mov",
    );
    expect(redactText('"Heist" at /Users/ana/Heist.prproj with tok-123', redactions)).toBe('"<project>" at <project file> with <relay token>');
  });

  it("leaves a short project name alone rather than garble the text", () => {
    expect(redactText("A bin in Edit", redactionsFor({ projectName: "Edit" }))).toBe("A bin in <project>");
    expect(redactText("A bin in A", redactionsFor({ projectName: "A" }))).toBe("A bin in A");
  });
});
