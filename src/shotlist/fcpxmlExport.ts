import { clipProvenance } from "./clipProvenance";
import { baseName, fileUrl, type FrameRate, type TimelineLayout } from "./timelineLayout";

/**
 * FCPXML 1.10 for Resolve and Final Cut Pro: one Rec. 709 format at the sequence rate, one asset
 * per clip (its `media-rep` pointing at the file), and a spine of `asset-clip`s and `gap`s. Every
 * time is rational seconds on the frame grid ("120120/24000s").
 */

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** `frames` at `rate` as FCPXML time: "0s", "5s" or "120120/24000s" reduced. */
export function rationalSeconds(frames: number, rate: FrameRate): string {
  if (frames === 0) return "0s";
  const num = frames * rate.den;
  const den = rate.num;
  const divisor = gcd(num, den);
  return den / divisor === 1 ? `${num / divisor}s` : `${num / divisor}/${den / divisor}s`;
}

export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these controls, so they are dropped
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const attr = (name: string, value: string | number) => `${name}="${xmlEscape(String(value))}"`;

export function fcpxmlText(layout: TimelineLayout, options: { width?: number; height?: number } = {}): string {
  const rate = layout.rate;
  const t = (frames: number) => rationalSeconds(frames, rate);
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  const formatName = `FFVideoFormat${height}p${rate.den === 1001 ? (rate.num / 1000 / 1.001).toFixed(2).replace(".", "") : Math.round(rate.num / rate.den)}`;
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE fcpxml>`,
    `<fcpxml version="1.10">`,
    `  <resources>`,
    `    <format ${attr("id", "r1")} ${attr("name", formatName)} ${attr("frameDuration", t(1))} ${attr("width", width)} ${attr("height", height)} ${attr("colorSpace", "1-1-1 (Rec. 709)")}/>`,
  ];
  const spine: string[] = [];
  let assetNumber = 2;
  for (const item of layout.items) {
    if (item.kind === "gap") {
      spine.push(`          <gap ${attr("name", `Gap (${item.shotId})`)} ${attr("offset", t(item.startFrame))} ${attr("start", "0s")} ${attr("duration", t(item.durationFrames))}/>`);
      continue;
    }
    const id = `r${assetNumber++}`;
    const name = baseName(item.file);
    const audio = item.job.request.audio ? 1 : 0;
    lines.push(
      `    <asset ${attr("id", id)} ${attr("name", name)} ${attr("start", "0s")} ${attr("duration", t(item.durationFrames))} ${attr("hasVideo", 1)} ${attr("hasAudio", audio)} ${attr("format", "r1")}${audio ? ` ${attr("audioSources", 1)} ${attr("audioChannels", 2)}` : ""}>`,
      `      <media-rep ${attr("kind", "original-media")} ${attr("src", fileUrl(item.file))}/>`,
      `    </asset>`,
    );
    const info = clipProvenance(item.job);
    const note = `Prompt: ${info.prompt} | Model: ${info.provider}/${info.model}${info.seed !== undefined ? ` | Seed: ${info.seed}` : ""}`;
    const keywords = ["Shotbin", info.model, ...(info.seed !== undefined ? [`seed ${info.seed}`] : [])].map((k) => k.replace(/,/g, " ")).join(", ");
    spine.push(
      `          <asset-clip ${attr("ref", id)} ${attr("name", `${item.shotId} take ${item.take}`)} ${attr("offset", t(item.startFrame))} ${attr("start", "0s")} ${attr("duration", t(item.durationFrames))} ${attr("format", "r1")} ${attr("tcFormat", "NDF")}>`,
      `            <note>${xmlEscape(note)}</note>`,
      `            <keyword ${attr("start", "0s")} ${attr("duration", t(item.durationFrames))} ${attr("value", keywords)}/>`,
      `            <metadata>`,
      ...(info.scene ? [`              <md ${attr("key", "com.apple.proapps.studio.scene")} ${attr("value", info.scene)}/>`] : []),
      `              <md ${attr("key", "com.apple.proapps.studio.shot")} ${attr("value", info.shotId)}/>`,
      `              <md ${attr("key", "com.apple.proapps.spotlight.kMDItemDescription")} ${attr("value", info.prompt)}/>`,
      `            </metadata>`,
      `          </asset-clip>`,
    );
  }
  lines.push(
    `  </resources>`,
    `  <library>`,
    `    <event ${attr("name", layout.name)}>`,
    `      <project ${attr("name", layout.name)}>`,
    `        <sequence ${attr("format", "r1")} ${attr("duration", t(layout.durationFrames))} ${attr("tcStart", "0s")} ${attr("tcFormat", "NDF")}>`,
    `          <spine>`,
    ...spine.map((line) => `  ${line}`),
    `          </spine>`,
    `        </sequence>`,
    `      </project>`,
    `    </event>`,
    `  </library>`,
    `</fcpxml>`,
  );
  return `${lines.join("\n")}\n`;
}
