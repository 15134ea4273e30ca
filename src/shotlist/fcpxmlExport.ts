import { clipProvenance } from "./clipProvenance";
import { fps, type FrameRate } from "./frameRate";
import { baseName, fileUrl, type FrameSize, type TimelineLayout } from "./timelineLayout";

/**
 * FCPXML 1.10 for Resolve and Final Cut Pro: one Rec. 709 format at the sequence's rate and frame
 * size, one asset per clip (its `media-rep` pointing at the file), and a spine of `asset-clip`s and
 * `gap`s. Every time is rational seconds on the frame grid ("120120/24000s"); timecode is
 * drop-frame (`tcFormat="DF"`) at 29.97 and 59.94. Elements and attributes follow Apple's FCPXML
 * 1.10 DTD (element order inside `asset-clip`: note, keyword, metadata).
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

/** Final Cut's own name for the common landscape formats ("FFVideoFormat1080p2398"); other sizes go without a name, which the DTD allows. */
export function fcpFormatName(size: FrameSize, rate: FrameRate): string | undefined {
  const prefix = ({ "1280x720": "720p", "1920x1080": "1080p", "3840x2160": "3840x2160p", "4096x2160": "4096x2160p" } as Record<string, string>)[`${size.width}x${size.height}`];
  if (!prefix) return undefined;
  const value = fps(rate);
  return `FFVideoFormat${prefix}${Number.isInteger(value) ? value : value.toFixed(2).replace(".", "")}`;
}

export function fcpxmlText(layout: TimelineLayout): string {
  const rate = layout.rate;
  const t = (frames: number) => rationalSeconds(frames, rate);
  const { width, height } = layout.frameSize;
  const formatName = fcpFormatName(layout.frameSize, rate);
  const tcFormat = layout.dropFrame ? "DF" : "NDF";
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE fcpxml>`,
    `<fcpxml version="1.10">`,
    `  <resources>`,
    `    <format ${attr("id", "r1")}${formatName ? ` ${attr("name", formatName)}` : ""} ${attr("frameDuration", t(1))} ${attr("width", width)} ${attr("height", height)} ${attr("colorSpace", "1-1-1 (Rec. 709)")}/>`,
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
      `    <asset ${attr("id", id)} ${attr("name", name)} ${attr("start", "0s")} ${attr("duration", t(item.sourceFrames ?? item.durationFrames))} ${attr("hasVideo", 1)} ${attr("hasAudio", audio)} ${attr("format", "r1")}${audio ? ` ${attr("audioSources", 1)} ${attr("audioChannels", 2)}` : ""}>`,
      `      <media-rep ${attr("kind", "original-media")} ${attr("src", fileUrl(item.file))}/>`,
      `    </asset>`,
    );
    const info = clipProvenance(item.job);
    const note = `Prompt: ${info.prompt} | Model: ${info.provider}/${info.model}${info.seed !== undefined ? ` | Seed: ${info.seed}` : ""}`;
    const keywords = ["Shotbin", info.model, ...(info.seed !== undefined ? [`seed ${info.seed}`] : [])].map((k) => k.replace(/,/g, " ")).join(", ");
    spine.push(
      `          <asset-clip ${attr("ref", id)} ${attr("name", `${item.shotId} take ${item.take}`)} ${attr("offset", t(item.startFrame))} ${attr("start", "0s")} ${attr("duration", t(item.durationFrames))} ${attr("format", "r1")} ${attr("tcFormat", tcFormat)}>`,
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
    `        <sequence ${attr("format", "r1")} ${attr("duration", t(layout.durationFrames))} ${attr("tcStart", "0s")} ${attr("tcFormat", tcFormat)}>`,
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
