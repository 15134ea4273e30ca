/**
 * The report for people: plain text for the Diagnostics tab's "copy report" (pasted into a bug
 * report or an email), with the JSON after it so nothing is lost on the way.
 */
import type { CheckEntry, SelfCheckReport } from "./reportSchema";

const STATUS_LABEL: Record<CheckEntry["status"], string> = { pass: "PASS", fail: "FAIL", skipped: "SKIP" };

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function indent(label: string, text: string): string[] {
  const lines = text.split("\n");
  return lines.map((line, i) => (i === 0 ? `      ${label}: ${line}` : `      ${" ".repeat(label.length + 2)}${line}`));
}

export function renderCheckText(entry: CheckEntry): string[] {
  return [
    `${STATUS_LABEL[entry.status]}  ${entry.title} [${entry.id}] (${seconds(entry.durationMs)})`,
    ...indent("expected", entry.expected),
    ...indent("observed", entry.observed),
    ...(entry.fallback ? indent("fallback", entry.fallback) : []),
    ...(entry.note ? indent("note", entry.note) : []),
  ];
}

/** The whole report as readable text: header, summary, then one block per check, failures first. */
export function renderReportText(report: SelfCheckReport): string {
  const p = report.premiere;
  const os = report.os ? `${report.os.platform}${report.os.release ? ` ${report.os.release}` : ""}${report.os.arch ? ` (${report.os.arch})` : ""}` : "unknown OS";
  const { summary } = report;
  const order: CheckEntry["status"][] = ["fail", "skipped", "pass"];
  const checks = [...report.checks].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return [
    `Shotbin self-check (report format ${report.formatVersion}), run ${report.runId}`,
    `Shotbin ${report.shotbin.version} · ${p.host ?? "unknown host"} ${p.version ?? "?"} (UXP ${p.uxp ?? "?"}) · ${os}`,
    `${summary.pass} passed, ${summary.fail} failed, ${summary.skipped} skipped of ${summary.total} in ${seconds(report.durationMs)}` +
      `${report.relay.configured ? "" : " · no relay configured"}`,
    `Scratch bin and sequence "${report.scratch.bin}": ${report.scratch.kept ? "kept for inspection" : "removed afterwards"}`,
    "",
    ...checks.flatMap((entry) => [...renderCheckText(entry), ""]),
  ].join("\n");
}

/** What "copy report" puts on the clipboard: the text, then the JSON in a fenced block. */
export function reportClipboardText(report: SelfCheckReport): string {
  return `${renderReportText(report)}\n\`\`\`json\n${JSON.stringify(report, null, 2)}\n\`\`\`\n`;
}
