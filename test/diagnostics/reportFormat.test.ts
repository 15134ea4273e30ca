/**
 * The report as a file and as text: format 1 validates and round-trips, anything else is refused
 * with the problem named, the text shows every check with failures first, "copy report" carries
 * the JSON, saving never overwrites, and the catalogue, the checks and the docs list the same ids.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CHECK_IDS, CHECKS } from "../../src/diagnostics/checkCatalogue";
import { ALL_CHECKS } from "../../src/diagnostics/checks";
import { parseSelfCheckReport, type SelfCheckReport } from "../../src/diagnostics/reportSchema";
import { renderReportText, reportClipboardText } from "../../src/diagnostics/reportText";
import { saveReport } from "../../src/diagnostics/saveReport";
import { nodeFileSystem } from "../../src/media/nodeFileSystem";
import { selfCheckWorld } from "./support/selfCheckWorld";

let report: SelfCheckReport;
beforeAll(async () => {
  const world = selfCheckWorld({ arrange: (fake) => (fake.behaviour.emitsImportComplete = false) });
  try {
    report = await world.run();
  } finally {
    world.remove();
  }
});

describe("the report format", () => {
  it("round-trips through JSON and validates as format 1", () => {
    expect(parseSelfCheckReport(JSON.stringify(report))).toEqual(report);
  });

  it("refuses other formats and broken entries, naming the problem", () => {
    expect(() => parseSelfCheckReport("{")).toThrow("This is not a self-check report");
    expect(() => parseSelfCheckReport(JSON.stringify({ ...report, formatVersion: 2 }))).toThrow(/formatVersion/);
    const badEntry = { ...report, checks: [{ ...report.checks[0], status: "maybe" }] };
    expect(() => parseSelfCheckReport(JSON.stringify(badEntry))).toThrow(/checks\.0\.status/);
    const unknownCheck = { ...report, checks: [{ ...report.checks[0], id: "telepathy" }] };
    expect(() => parseSelfCheckReport(JSON.stringify(unknownCheck))).toThrow(/checks\.0\.id/);
    const extraField = { ...report, apiKey: "x" };
    expect(() => parseSelfCheckReport(JSON.stringify(extraField))).toThrow(/apiKey/);
  });

  it("has one entry per check, each with expected, observed, status and time", () => {
    expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
    for (const entry of report.checks) {
      expect(entry.title).toBe(CHECKS[entry.id].title);
      expect(entry.assumption).toBe(CHECKS[entry.id].assumption);
      expect(entry.expected.length).toBeGreaterThan(10);
      expect(entry.observed.length).toBeGreaterThan(10);
      expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.checks.find((c) => c.id === "event-import-complete")).toMatchObject({ status: "fail", fallback: expect.any(String) });
  });
});

describe("the report as text", () => {
  it("puts failures first and shows expected, observed and fallback", () => {
    const text = renderReportText(report);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`Shotbin self-check (report format 1), run ${report.runId}`);
    expect(lines[1]).toBe("Shotbin 0.1.0 · premierepro 26.3.0 (UXP 8.3.0) · darwin 24.5.0 (arm64)");
    expect(lines[2]).toMatch(new RegExp(`^${CHECK_IDS.length - 3} passed, 1 failed, 2 skipped of ${CHECK_IDS.length} in .* · no relay configured$`));
    expect(lines[5]).toMatch(/^FAIL {2}Import-complete event \[event-import-complete\]/);
    expect(text).toContain("      fallback: Shotbin does not wait for this event");
    for (const id of CHECK_IDS) expect(text).toContain(`[${id}]`);
    // The prompt's newline is kept, indented under its label.
    const observed = lines.findIndex((l) => l.includes("observed: All 12 shotbin: fields"));
    expect(observed).toBeGreaterThan(0);
  });

  it("copies the text followed by the whole JSON", () => {
    const copied = reportClipboardText(report);
    expect(copied.startsWith(renderReportText(report))).toBe(true);
    const json = /```json\n([\s\S]*)\n```\n$/.exec(copied)?.[1];
    expect(parseSelfCheckReport(json ?? "")).toEqual(report);
  });
});

describe("saving the report", () => {
  it("writes JSON into the media folder under a new name each time", async () => {
    const folder = mkdtempSync(join(tmpdir(), "shotbin-report-"));
    try {
      const first = await saveReport(report, { files: nodeFileSystem, folder });
      const second = await saveReport(report, { files: nodeFileSystem, folder });
      expect(first.name).toBe(`shotbin-self-check-${report.runId}.json`);
      expect(second.name).toBe(`shotbin-self-check-${report.runId}-2.json`);
      expect(parseSelfCheckReport(readFileSync(first.path, "utf8"))).toEqual(report);
      expect(readFileSync(first.path).length).toBe(first.bytes);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("the list of checks", () => {
  it("runs the checks in the catalogue's order", () => {
    expect(ALL_CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  it("is documented check by check in docs/premiere-assumptions.md, with a fallback for each", () => {
    const doc = readFileSync(resolve(__dirname, "../../docs/premiere-assumptions.md"), "utf8");
    const documented = [...doc.matchAll(/^### `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    expect(documented).toEqual([...CHECK_IDS]);
    const sections = doc.split(/^### /m).slice(1);
    for (const section of sections) expect(section).toMatch(/\*\*If\s+it\s+fails:\*\*/);
  });
});
