import type { Defect } from "../../../quality/qualityTypes";
import type { RelayQaReport } from "../../../relay/client/qaProtocol";
import type { TakeQa } from "../../runtime/takeQa";
import { curvePath, spanX } from "./qaCurves";

const BOX = { width: 300, height: 44 };

const formatSeconds = (seconds: number) => `${seconds.toFixed(2)} s`;

/** PASS 97 / WARN 71 / FAIL 32, or where the measurement stands. */
export function QaBadge({ qa, recorded }: { qa: TakeQa | undefined; recorded?: { verdict: string; score: number } }) {
  if (qa?.state === "measuring") return <span className="sb-qa-badge sb-muted" data-testid="qa-badge" data-verdict="measuring">QA…</span>;
  const shown = qa?.state === "done" ? qa.report : recorded;
  if (!shown) return qa?.state === "failed" ? <span className="sb-qa-badge sb-muted" data-testid="qa-badge" data-verdict="none" title={qa.message}>QA —</span> : null;
  const tone = shown.verdict === "pass" ? "sb-pass" : shown.verdict === "fail" ? "sb-fail" : "sb-skip";
  return (
    <span className={`sb-qa-badge ${tone}`} data-testid="qa-badge" data-verdict={shown.verdict} data-score={shown.score}>
      {shown.verdict.toUpperCase()} {shown.score}
    </span>
  );
}

/** Three frames, and under them the luma and colour-temperature curves with the defects' spans. */
function QaStrip({ report }: { report: RelayQaReport }) {
  const box = { ...BOX, duration: Math.max(report.analysis.duration, report.series.t[report.series.t.length - 1] ?? 0) || 1 };
  const luma = curvePath(report.series.t, report.series.luma, box, 12);
  const cct = curvePath(report.series.t, report.series.cct, box, 600);
  return (
    <div className="sb-qa-strip" data-testid="qa-strip">
      <div className="sb-row">
        {report.thumbnails.map((thumb) => (
          <img key={thumb.t} className="sb-qa-frame" src={thumb.dataUri} alt={`frame at ${formatSeconds(thumb.t)}`} data-testid="qa-frame" />
        ))}
      </div>
      <svg className="sb-qa-curves" width="100%" height={BOX.height} viewBox={`0 0 ${BOX.width} ${BOX.height}`} preserveAspectRatio="none" data-testid="qa-curves">
        {report.defects.map((defect, index) => {
          const span = spanX(defect.start, defect.end, box);
          return <rect key={index} className={defect.severity === "fail" ? "sb-qa-span-fail" : "sb-qa-span-warn"} x={span.x} y={0} width={span.width} height={BOX.height} />;
        })}
        {luma.d ? <path className="sb-qa-luma" d={luma.d} data-testid="qa-luma" /> : null}
        {cct.d ? <path className="sb-qa-cct" d={cct.d} data-testid="qa-cct" /> : null}
      </svg>
      <div className="sb-row sb-hint" style={{ justifyContent: "space-between" }}>
        <span className="sb-qa-key-luma">
          ― luma {Math.round(luma.min)}–{Math.round(luma.max)}
        </span>
        <span className="sb-qa-key-cct">{cct.d ? `― colour temp. ${Math.round(cct.min)}–${Math.round(cct.max)} K` : "no neutral tones for colour temp."}</span>
      </div>
    </div>
  );
}

function DefectLine({ defect, onSeek }: { defect: Defect; onSeek: (seconds: number) => void }) {
  return (
    <div className="sb-row sb-qa-defect" data-testid="qa-defect" data-kind={defect.kind}>
      <span className={`sb-qa-sev ${defect.severity === "fail" ? "sb-fail" : "sb-skip"}`}>{defect.severity}</span>
      <span className="sb-link sb-qa-time" data-testid="qa-seek" data-start={defect.start} onClick={() => onSeek(defect.start)}>
        {formatSeconds(defect.start)}–{formatSeconds(defect.end)}
      </span>
      <span className="sb-ellipsis" title={defect.detail}>
        {defect.kind}: {defect.detail}
      </span>
    </div>
  );
}

/** A take's QA in Review: its strip, its defects (their times seek the preview), or why there is none. */
export function TakeQaView({ qa, onSeek, onRetry }: { qa: TakeQa | undefined; onSeek: (seconds: number) => void; onRetry: () => void }) {
  if (!qa) return null;
  if (qa.state === "measuring") return <div className="sb-hint" data-testid="qa-measuring">The relay is measuring this take…</div>;
  if (qa.state === "failed") {
    return (
      <div className="sb-hint" data-testid="qa-problem">
        QA: {qa.message}
        <span className="sb-link" data-testid="qa-retry" onClick={onRetry}>
          Measure again
        </span>
      </div>
    );
  }
  const { report } = qa;
  return (
    <div data-testid="qa-report" data-subject={report.subject.kind}>
      <QaStrip report={report} />
      {report.defects.length === 0 ? <div className="sb-hint">No defects found.</div> : report.defects.map((defect, index) => <DefectLine key={index} defect={defect} onSeek={onSeek} />)}
    </div>
  );
}
