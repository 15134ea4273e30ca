import { clipProvenance } from "./clipProvenance";
import { csvField } from "./csvReader";
import { rateLabel } from "./frameRate";
import { baseName, type TimelineLayout } from "./timelineLayout";
import type { JobRecord } from "../core/jobRecord";

/**
 * DaVinci Resolve's metadata import (Media Pool → Import Metadata): rows match clips by File Name,
 * columns match by exact heading, and both fail silently, so the heading row is exactly Resolve's
 * 29 columns in order (reference/anchors.md §4.6). RFC 4180 quoting, CRLF line endings.
 */
export const RESOLVE_METADATA_HEADERS = [
  "File Name",
  "Production Company",
  "Production Name",
  "Director",
  "DOP",
  "Sound Mixer",
  "Script Supervisor",
  "Date Recorded",
  "Roll Card #",
  "Environment",
  "Location",
  "Day / Night",
  "Scene",
  "Shot",
  "Take",
  "Good Take",
  "Description",
  "Comments",
  "Keywords",
  "Camera #",
  "Camera Type",
  "Camera FPS",
  "Shutter Speed",
  "ISO",
  "White Point (Kelvin)",
  "Focal Point (mm)",
  "Filter",
  "Camera Aperture",
  "Camera Notes",
] as const;

function dateRecorded(job: JobRecord): string {
  const finished = [...job.history].reverse().find((entry) => entry.state === "succeeded")?.at ?? job.createdAt;
  return finished.slice(0, 10).replace(/-/g, "_");
}

/** One row per finished take (the slot's take is the Good Take), keyed by file name. */
export function resolveCsvText(layout: TimelineLayout, options: { productionName?: string } = {}): string {
  const slotTakes = new Set(layout.items.filter((item) => item.kind === "clip").map((item) => (item.kind === "clip" ? item.job.id : "")));
  const rows = [RESOLVE_METADATA_HEADERS.map((header) => csvField(header)).join(",")];
  for (const job of layout.finished) {
    const info = clipProvenance(job);
    const setting = info.setting ?? "";
    const environment = /^(int|interior)\b/i.test(setting) ? "INT" : /^(ext|exterior)\b/i.test(setting) ? "EXT" : "";
    const dayNight = /\bnight\b/i.test(setting) ? "Night" : /\b(day|dawn|dusk|morning|evening)\b/i.test(setting) ? "Day" : "";
    const comments = [`Prompt: ${info.prompt}`, `Model: ${info.provider}/${info.model}`, `Seed: ${info.seed ?? "provider's choice"}`, info.jobId ? `Job: ${info.jobId}` : "", info.notes ? `Notes: ${info.notes}` : ""].filter(Boolean).join(" | ");
    const keywords = ["Shotbin", info.provider, info.model, info.seed !== undefined ? `seed ${info.seed}` : ""].filter(Boolean).map((k) => k.replace(/,/g, " ")).join(", ");
    const focal = /(\d+(?:\.\d+)?)\s*mm/i.exec(info.lens ?? "")?.[1] ?? "";
    const values: Record<(typeof RESOLVE_METADATA_HEADERS)[number], string> = {
      "File Name": baseName(job.file ?? ""),
      "Production Company": "",
      "Production Name": options.productionName ?? layout.name,
      Director: "",
      DOP: "",
      "Sound Mixer": "",
      "Script Supervisor": "",
      "Date Recorded": dateRecorded(job),
      "Roll Card #": "",
      Environment: environment,
      Location: setting,
      "Day / Night": dayNight,
      Scene: info.scene ?? "",
      Shot: info.shotId,
      Take: String(info.take),
      "Good Take": slotTakes.has(job.id) ? "1" : "",
      Description: info.prompt,
      Comments: comments,
      Keywords: keywords,
      "Camera #": "",
      "Camera Type": `${info.provider}/${info.model}`,
      "Camera FPS": rateLabel(layout.rate),
      "Shutter Speed": "",
      ISO: "",
      "White Point (Kelvin)": "",
      "Focal Point (mm)": focal,
      Filter: "",
      "Camera Aperture": "",
      "Camera Notes": [info.camera, info.movement, info.lens].filter(Boolean).join("; "),
    };
    rows.push(RESOLVE_METADATA_HEADERS.map((header) => csvField(values[header])).join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}
