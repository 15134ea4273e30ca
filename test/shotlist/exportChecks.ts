/**
 * Format checks for the four exports, written from the formats' own rules rather than from the
 * exporters: OTIO schema names and required keys (reference/mp4-metadata.md §7), FCPXML
 * well-formed with rational times on the frame grid and assets that resolve to files, EDL
 * timecodes that add up, and Resolve's exact metadata heading row (reference/anchors.md §4.6).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { childElements, parseXml, type XmlElement } from "../../src/media/xmlParser";
import { readCsvRecords } from "../../src/shotlist/csvReader";

/** Resolve's 29 headings, copied from the reference, not from the exporter. */
export const RESOLVE_HEADER_LINE =
  "File Name,Production Company,Production Name,Director,DOP,Sound Mixer,Script Supervisor,Date Recorded,Roll Card #,Environment,Location,Day / Night,Scene,Shot,Take,Good Take,Description,Comments,Keywords,Camera #,Camera Type,Camera FPS,Shutter Speed,ISO,White Point (Kelvin),Focal Point (mm),Filter,Camera Aperture,Camera Notes";

const OTIO_REQUIRED: Record<string, string[]> = {
  "Timeline.1": ["name", "tracks", "metadata"],
  "Stack.1": ["name", "children", "source_range", "effects", "markers", "metadata"],
  "Track.1": ["name", "kind", "children", "source_range", "effects", "markers", "metadata"],
  "Clip.1": ["name", "source_range", "media_reference", "effects", "markers", "metadata"],
  "Gap.1": ["name", "source_range", "effects", "markers", "metadata"],
  "ExternalReference.1": ["target_url", "available_range", "metadata"],
  "MissingReference.1": ["available_range", "metadata"],
  "RationalTime.1": ["rate", "value"],
  "TimeRange.1": ["start_time", "duration"],
};

export interface OtioItem {
  schema: "Clip.1" | "Gap.1";
  frames: number;
  file?: string;
  metadata: Record<string, unknown>;
}

/** Walks every object with an OTIO_SCHEMA; returns the video track's items. Throws on anything off-schema. */
export function checkOtio(text: string): { rate: number; items: OtioItem[] } {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if ("OTIO_SCHEMA" in record) {
      const schema = String(record.OTIO_SCHEMA);
      const required = OTIO_REQUIRED[schema];
      if (!required) throw new Error(`${path}: unknown OTIO_SCHEMA ${schema}`);
      for (const key of required) if (!(key in record)) throw new Error(`${path}: ${schema} lacks ${key}`);
      if (schema === "RationalTime.1" && (typeof record.rate !== "number" || typeof record.value !== "number")) throw new Error(`${path}: RationalTime needs numbers`);
    }
    for (const [key, value] of Object.entries(record)) if (key !== "metadata") walk(value, `${path}.${key}`);
  };
  walk(doc, "");
  if (doc.OTIO_SCHEMA !== "Timeline.1") throw new Error("root is not a Timeline.1");
  const stack = doc.tracks as { OTIO_SCHEMA: string; children: { OTIO_SCHEMA: string; kind: string; children: Record<string, unknown>[] }[] };
  if (stack.OTIO_SCHEMA !== "Stack.1" || stack.children.length !== 1) throw new Error("expected a Stack.1 with one track");
  const track = stack.children[0]!;
  if (track.OTIO_SCHEMA !== "Track.1" || track.kind !== "Video") throw new Error("expected one Video Track.1");
  let rate = 0;
  const items = track.children.map((child) => {
    const range = child.source_range as { start_time: { rate: number; value: number }; duration: { rate: number; value: number } };
    rate = range.duration.rate;
    if (range.start_time.rate !== rate || !Number.isInteger(range.duration.value)) throw new Error("times must be whole frames at one rate");
    const reference = child.media_reference as { target_url?: string } | undefined;
    return {
      schema: child.OTIO_SCHEMA as "Clip.1" | "Gap.1",
      frames: range.duration.value,
      ...(reference?.target_url ? { file: fileURLToPath(reference.target_url) } : {}),
      metadata: child.metadata as Record<string, unknown>,
    };
  });
  return { rate, items };
}

const TIME = /^(0|\d+(\/\d+)?)s$/;

function seconds(value: string): { num: bigint; den: bigint } {
  if (!TIME.test(value)) throw new Error(`'${value}' is not rational time`);
  const [num, den] = value.slice(0, -1).split("/");
  return { num: BigInt(num!), den: BigInt(den ?? "1") };
}

/** Frames, exactly, or a throw when the time is off the frame grid. */
function framesOf(value: string, frame: { num: bigint; den: bigint }): number {
  const t = seconds(value);
  const numerator = t.num * frame.den;
  const denominator = t.den * frame.num;
  if (numerator % denominator !== 0n) throw new Error(`${value} is not on the frame grid`);
  return Number(numerator / denominator);
}

export interface FcpxmlSpineItem {
  kind: "asset-clip" | "gap";
  offset: number;
  duration: number;
  file?: string;
  note?: string;
  keywords?: string;
}

export function checkFcpxml(text: string): { colorSpace: string; frameDuration: string; spine: FcpxmlSpineItem[]; sequenceFrames: number } {
  const [declaration, doctype, ...rest] = text.split("\n");
  if (declaration !== `<?xml version="1.0" encoding="UTF-8"?>` || doctype !== "<!DOCTYPE fcpxml>") throw new Error("missing XML declaration or doctype");
  // The repository's parser refuses DTDs (it is XMP's), so the bare doctype line is checked above and dropped.
  const root = parseXml(rest.join("\n"));
  const attr = (element: XmlElement, name: string) => element.attributes.find((a) => a.qname === name)?.value;
  const find = (element: XmlElement, name: string) => childElements(element).filter((child) => child.qname === name);
  if (root.qname !== "fcpxml" || !/^1\.\d+$/.test(attr(root, "version") ?? "")) throw new Error("root is not fcpxml with a version");
  const resources = find(root, "resources")[0]!;
  const format = find(resources, "format")[0]!;
  const frameDuration = attr(format, "frameDuration")!;
  const frame = seconds(frameDuration);
  const assets = new Map<string, string>();
  for (const asset of find(resources, "asset")) {
    const src = attr(find(asset, "media-rep")[0]!, "src")!;
    const file = fileURLToPath(src);
    if (!existsSync(file)) throw new Error(`asset ${attr(asset, "id")} points at ${file}, which does not exist`);
    framesOf(attr(asset, "duration")!, frame);
    framesOf(attr(asset, "start")!, frame);
    assets.set(attr(asset, "id")!, file);
  }
  const sequence = find(find(find(find(root, "library")[0]!, "event")[0]!, "project")[0]!, "sequence")[0]!;
  if (attr(sequence, "format") !== attr(format, "id")) throw new Error("sequence format does not resolve");
  const spine = childElements(find(sequence, "spine")[0]!).map((item): FcpxmlSpineItem => {
    if (item.qname !== "asset-clip" && item.qname !== "gap") throw new Error(`unexpected ${item.qname} in the spine`);
    framesOf(attr(item, "start")!, frame);
    const entry: FcpxmlSpineItem = { kind: item.qname, offset: framesOf(attr(item, "offset")!, frame), duration: framesOf(attr(item, "duration")!, frame) };
    if (item.qname === "asset-clip") {
      const file = assets.get(attr(item, "ref")!);
      if (!file) throw new Error(`asset-clip ref ${attr(item, "ref")} does not resolve`);
      entry.file = file;
      const note = find(item, "note")[0];
      if (note) entry.note = note.children.map((c) => ("text" in c ? c.text : "")).join("");
      const keyword = find(item, "keyword")[0];
      if (keyword) entry.keywords = attr(keyword, "value");
    }
    return entry;
  });
  return { colorSpace: attr(format, "colorSpace") ?? "", frameDuration, spine, sequenceFrames: framesOf(attr(sequence, "duration")!, frame) };
}

export interface EdlEvent {
  number: number;
  sourceIn: number;
  sourceOut: number;
  recordIn: number;
  recordOut: number;
  clipName: string;
}

function tc(text: string, base: number): number {
  const [h, m, s, f] = text.split(":").map(Number);
  if (f! >= base || s! >= 60 || m! >= 60) throw new Error(`bad timecode ${text}`);
  return ((h! * 60 + m!) * 60 + s!) * base + f!;
}

export function checkEdl(text: string, base: number): { title: string; events: EdlEvent[] } {
  if (!text.includes("\r\n") || /[^\r]\n/.test(text)) throw new Error("EDL lines must end in CRLF");
  const lines = text.split("\r\n");
  if (!lines[0]!.startsWith("TITLE: ") || lines[1] !== "FCM: NON-DROP FRAME") throw new Error("missing TITLE or FCM");
  const events: EdlEvent[] = [];
  for (let i = 2; i < lines.length; i++) {
    const match = /^(\d{3}) {2}(\S{1,8}) +V +C +(\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d)$/.exec(lines[i]!);
    if (!match) continue;
    const name = /^\* FROM CLIP NAME: (.+)$/.exec(lines[i + 1] ?? "");
    if (!name) throw new Error(`event ${match[1]} has no FROM CLIP NAME comment`);
    events.push({ number: Number(match[1]), sourceIn: tc(match[3]!, base), sourceOut: tc(match[4]!, base), recordIn: tc(match[5]!, base), recordOut: tc(match[6]!, base), clipName: name[1]! });
  }
  events.forEach((event, i) => {
    if (event.number !== i + 1) throw new Error("events must be numbered 001, 002, ...");
    if (event.sourceOut - event.sourceIn !== event.recordOut - event.recordIn) throw new Error(`event ${event.number}: source and record lengths differ`);
    if (i > 0 && event.recordIn < events[i - 1]!.recordOut) throw new Error(`event ${event.number} overlaps the one before`);
  });
  return { title: lines[0]!.slice(7), events };
}

export function checkResolveCsv(text: string): Record<string, string>[] {
  if (!text.endsWith("\r\n") || /[^\r]\n/.test(text.replace(/"[^"]*"/g, ""))) throw new Error("CSV records must end in CRLF");
  const [header, ...rows] = readCsvRecords(text, ",").records.filter((record) => record.cells.some((cell) => cell !== ""));
  if (header!.cells.join(",") !== RESOLVE_HEADER_LINE) throw new Error(`header is not Resolve's: ${header!.cells.join(",")}`);
  if (text.split("\r\n")[0] !== RESOLVE_HEADER_LINE) throw new Error("the first line must be exactly Resolve's header");
  return rows.map((row) => {
    if (row.cells.length !== 29) throw new Error(`a row has ${row.cells.length} cells, not 29`);
    return Object.fromEntries(header!.cells.map((name, i) => [name, row.cells[i]!]));
  });
}
