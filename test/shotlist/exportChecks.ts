/**
 * Reads the four exports back with parsers and validators Shotbin did not write, then checks
 * what they read against the formats' own rules (written from the formats, not from the
 * exporters):
 * - OTIO: ajv against OTIO's published field lists (otioSchema.ts). OpenTimelineIO itself is not
 *   installable here (no Debian bookworm package, not in the pip index, not on npm).
 * - FCPXML: xmllint (Debian libxml2-utils) for well-formedness, and against Apple's FCPXML DTD when
 *   SHOTBIN_FCPXML_DTD names a copy (Apple ships it inside Final Cut Pro; no npm or Debian package
 *   has it); read with @xmldom/xmldom; rational times on the frame grid; assets resolve to files.
 * - EDL: no CMX3600 parser is to be had from npm or Debian here, so the events are read by the
 *   rules below and every timecode by smpte-timecode (npm), which does drop-frame arithmetic.
 * - Resolve CSV: papaparse, and Resolve's exact heading row (reference/anchors.md §4.6).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DOMParser, type Element } from "@xmldom/xmldom";
import Ajv from "ajv";
import Papa from "papaparse";
import Timecode from "smpte-timecode";
import { OTIO_SCHEMA } from "./otioSchema";

/** Resolve's 29 headings, copied from the reference, not from the exporter. */
export const RESOLVE_HEADER_LINE =
  "File Name,Production Company,Production Name,Director,DOP,Sound Mixer,Script Supervisor,Date Recorded,Roll Card #,Environment,Location,Day / Night,Scene,Shot,Take,Good Take,Description,Comments,Keywords,Camera #,Camera Type,Camera FPS,Shutter Speed,ISO,White Point (Kelvin),Focal Point (mm),Filter,Camera Aperture,Camera Notes";

// ---------------------------------------------------------------- OTIO

const validateOtio = new Ajv({ allErrors: true, strict: true }).compile(OTIO_SCHEMA);

export interface OtioItem {
  schema: "Clip.1" | "Gap.1";
  frames: number;
  file?: string;
  /** The media's own length in frames (`available_range`), when the exporter knew it. */
  availableFrames?: number;
  metadata: Record<string, unknown>;
}

interface OtioTime {
  rate: number;
  value: number;
}

/** Validates the document, then returns the video track's items. Throws on anything off-schema. */
export function checkOtio(text: string): { rate: number; items: OtioItem[]; metadata: Record<string, unknown> } {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (!validateOtio(doc)) throw new Error(`not valid OTIO: ${validateOtio.errors!.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`);
  const stack = doc.tracks as { children: { kind: string; children: Record<string, unknown>[] }[] };
  if (stack.children.length !== 1 || stack.children[0]!.kind !== "Video") throw new Error("expected one video track");
  let rate = 0;
  const items = stack.children[0]!.children.map((child) => {
    const range = child.source_range as { start_time: OtioTime; duration: OtioTime } | null;
    if (!range) throw new Error(`${String(child.name)} has no source_range, so no length`);
    rate ||= range.duration.rate;
    if (range.start_time.rate !== rate || range.duration.rate !== rate || !Number.isInteger(range.duration.value) || range.duration.value < 1) {
      throw new Error("times must be whole frames at one rate");
    }
    const reference = child.media_reference as { target_url?: string; available_range?: { duration: OtioTime } | null } | undefined;
    const available = reference?.available_range?.duration;
    if (available && (available.rate !== rate || available.value < range.duration.value)) throw new Error(`${String(child.name)}: the clip is longer than its media`);
    return {
      schema: child.OTIO_SCHEMA as "Clip.1" | "Gap.1",
      frames: range.duration.value,
      ...(reference?.target_url ? { file: fileURLToPath(reference.target_url) } : {}),
      ...(available ? { availableFrames: available.value } : {}),
      metadata: child.metadata as Record<string, unknown>,
    };
  });
  return { rate, items, metadata: doc.metadata as Record<string, unknown> };
}

// ---------------------------------------------------------------- FCPXML

/** xmllint (libxml2) on the text: well-formed, and valid against `dtd` when given. Throws with xmllint's words. */
export function xmllint(text: string, dtd?: string): void {
  const result = spawnSync("xmllint", ["--noout", "--nonet", ...(dtd ? ["--dtdvalid", dtd] : []), "-"], { input: text, encoding: "utf8" });
  if (result.error) throw new Error(`xmllint could not run (${result.error.message}); install it: apt-get install libxml2-utils`);
  if (result.status !== 0) throw new Error(`xmllint refused the document: ${result.stderr.trim()}`);
}

/** Apple's FCPXML DTD, when a copy is at hand (it ships inside Final Cut Pro, not in any package here). */
export const FCPXML_DTD = process.env.SHOTBIN_FCPXML_DTD && existsSync(process.env.SHOTBIN_FCPXML_DTD) ? process.env.SHOTBIN_FCPXML_DTD : undefined;

const TIME = /^(0|\d+(\/\d+)?)s$/;

function seconds(value: string | null): { num: bigint; den: bigint } {
  if (value === null || !TIME.test(value)) throw new Error(`'${value}' is not rational time`);
  const [num, den] = value.slice(0, -1).split("/");
  return { num: BigInt(num!), den: BigInt(den ?? "1") };
}

/** Frames, exactly, or a throw when the time is off the frame grid. */
function framesOf(value: string | null, frame: { num: bigint; den: bigint }): number {
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
  tcFormat?: string;
  file?: string;
  /** The asset's duration in frames. */
  assetFrames?: number;
  note?: string;
  keywords?: string;
}

export interface FcpxmlReading {
  version: string;
  colorSpace: string;
  frameDuration: string;
  width: number;
  height: number;
  formatName?: string;
  tcFormat: string;
  spine: FcpxmlSpineItem[];
  sequenceFrames: number;
}

export function checkFcpxml(text: string): FcpxmlReading {
  xmllint(text, FCPXML_DTD);
  const [declaration, doctype] = text.split("\n");
  if (declaration !== `<?xml version="1.0" encoding="UTF-8"?>` || doctype !== "<!DOCTYPE fcpxml>") throw new Error("missing XML declaration or doctype");
  const root = new DOMParser().parseFromString(text, "text/xml").documentElement;
  if (!root || root.tagName !== "fcpxml" || !/^1\.\d+$/.test(root.getAttribute("version") ?? "")) throw new Error("root is not fcpxml with a version");
  const children = (element: Element, name: string) => Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1 && (node as Element).tagName === name);
  const one = (element: Element, name: string) => {
    const found = children(element, name);
    if (found.length !== 1) throw new Error(`expected one <${name}> in <${element.tagName}>, found ${found.length}`);
    return found[0]!;
  };
  const resources = one(root, "resources");
  const format = one(resources, "format");
  const frameDuration = format.getAttribute("frameDuration")!;
  const frame = seconds(frameDuration);
  const assets = new Map<string, { file: string; frames: number }>();
  for (const asset of children(resources, "asset")) {
    const file = fileURLToPath(one(asset, "media-rep").getAttribute("src")!);
    if (!existsSync(file)) throw new Error(`asset ${asset.getAttribute("id")} points at ${file}, which does not exist`);
    framesOf(asset.getAttribute("start"), frame);
    assets.set(asset.getAttribute("id")!, { file, frames: framesOf(asset.getAttribute("duration"), frame) });
  }
  const sequence = one(one(one(one(root, "library"), "event"), "project"), "sequence");
  if (sequence.getAttribute("format") !== format.getAttribute("id")) throw new Error("sequence format does not resolve");
  const spineElement = one(sequence, "spine");
  const spine = Array.from(spineElement.childNodes)
    .filter((node): node is Element => node.nodeType === 1)
    .map((item): FcpxmlSpineItem => {
      if (item.tagName !== "asset-clip" && item.tagName !== "gap") throw new Error(`unexpected ${item.tagName} in the spine`);
      framesOf(item.getAttribute("start"), frame);
      const entry: FcpxmlSpineItem = { kind: item.tagName, offset: framesOf(item.getAttribute("offset"), frame), duration: framesOf(item.getAttribute("duration"), frame) };
      if (item.tagName === "asset-clip") {
        const asset = assets.get(item.getAttribute("ref")!);
        if (!asset) throw new Error(`asset-clip ref ${item.getAttribute("ref")} does not resolve`);
        if (asset.frames < entry.duration) throw new Error(`asset-clip ${item.getAttribute("name")} is longer than its asset`);
        Object.assign(entry, { file: asset.file, assetFrames: asset.frames, tcFormat: item.getAttribute("tcFormat") ?? undefined });
        const note = children(item, "note")[0];
        if (note) entry.note = note.textContent ?? "";
        const keyword = children(item, "keyword")[0];
        if (keyword) entry.keywords = keyword.getAttribute("value") ?? "";
      }
      return entry;
    });
  return {
    version: root.getAttribute("version")!,
    colorSpace: format.getAttribute("colorSpace") ?? "",
    frameDuration,
    width: Number(format.getAttribute("width")),
    height: Number(format.getAttribute("height")),
    ...(format.getAttribute("name") ? { formatName: format.getAttribute("name")! } : {}),
    tcFormat: sequence.getAttribute("tcFormat") ?? "",
    spine,
    sequenceFrames: framesOf(sequence.getAttribute("duration"), frame),
  };
}

// ---------------------------------------------------------------- EDL

export interface EdlEvent {
  number: number;
  sourceIn: number;
  sourceOut: number;
  recordIn: number;
  recordOut: number;
  /** The record-in timecode as written. */
  recordInText: string;
  clipName: string;
}

/**
 * CMX3600 as the format states it: TITLE, FCM, then numbered events (reel of up to 8
 * characters, V, C, four timecodes), each with a FROM CLIP NAME comment; CRLF line ends.
 * `rate` is the frames per second as an editor writes it (24, 23.976, 29.97, 59.94).
 */
export function checkEdl(text: string, rate: number): { title: string; dropFrame: boolean; events: EdlEvent[] } {
  if (!text.includes("\r\n") || /[^\r]\n/.test(text)) throw new Error("EDL lines must end in CRLF");
  const lines = text.split("\r\n");
  const fcm = /^FCM: (DROP FRAME|NON-DROP FRAME)$/.exec(lines[1] ?? "");
  if (!lines[0]!.startsWith("TITLE: ") || !fcm) throw new Error("missing TITLE or FCM");
  const dropFrame = fcm[1] === "DROP FRAME";
  if (dropFrame && ![29.97, 59.94].includes(rate)) throw new Error(`drop-frame timecode at ${rate} fps`);
  const tc = (value: string): number => {
    if (dropFrame !== value.includes(";")) throw new Error(`${value}: the FCM says ${fcm[1]}, the timecode says otherwise`);
    // smpte-timecode counts drop-frame at 29.97 and 59.94 and refuses the labels it skips; non-drop-frame lists count at the nominal rate.
    let parsed: Timecode.TimecodeInstance;
    try {
      parsed = Timecode(value, (dropFrame ? rate : Math.round(rate)) as Timecode.FRAMERATE, dropFrame);
    } catch (error) {
      throw new Error(`${value} is not a timecode at ${rate} fps (${error instanceof Error ? error.message : String(error)})`);
    }
    if (parsed.toString().replace(/;/g, ":") !== value.replace(/;/g, ":")) throw new Error(`${value} is not a timecode at ${rate} fps (it reads back as ${parsed.toString()})`);
    return parsed.frameCount;
  };
  const events: EdlEvent[] = [];
  const timecodeText = "(\\d\\d:\\d\\d:\\d\\d[:;]\\d\\d)";
  const eventLine = new RegExp(`^(\\d{3}) {2}(\\S{1,8}) +V +C +${timecodeText} ${timecodeText} ${timecodeText} ${timecodeText}$`);
  for (let i = 2; i < lines.length; i++) {
    const match = eventLine.exec(lines[i]!);
    if (!match) continue;
    const name = /^\* FROM CLIP NAME: (.+)$/.exec(lines[i + 1] ?? "");
    if (!name) throw new Error(`event ${match[1]} has no FROM CLIP NAME comment`);
    events.push({ number: Number(match[1]), sourceIn: tc(match[3]!), sourceOut: tc(match[4]!), recordIn: tc(match[5]!), recordOut: tc(match[6]!), recordInText: match[5]!, clipName: name[1]! });
  }
  events.forEach((event, i) => {
    if (event.number !== i + 1) throw new Error("events must be numbered 001, 002, ...");
    if (event.sourceOut - event.sourceIn !== event.recordOut - event.recordIn) throw new Error(`event ${event.number}: source and record lengths differ`);
    if (i > 0 && event.recordIn < events[i - 1]!.recordOut) throw new Error(`event ${event.number} overlaps the one before`);
  });
  return { title: lines[0]!.slice(7), dropFrame, events };
}

// ---------------------------------------------------------------- Resolve CSV

export function checkResolveCsv(text: string): Record<string, string>[] {
  if (!text.endsWith("\r\n")) throw new Error("CSV records must end in CRLF");
  if (text.split("\r\n")[0] !== RESOLVE_HEADER_LINE) throw new Error("the first line must be exactly Resolve's header");
  const parsed = Papa.parse<string[]>(text, { newline: "\r\n", skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`papaparse: ${parsed.errors.map((e) => `row ${e.row}: ${e.message}`).join("; ")}`);
  const [header, ...rows] = parsed.data;
  if (header!.join(",") !== RESOLVE_HEADER_LINE) throw new Error(`header is not Resolve's: ${header!.join(",")}`);
  return rows.map((row) => {
    if (row.length !== 29) throw new Error(`a row has ${row.length} cells, not 29`);
    return Object.fromEntries(header!.map((name, i) => [name, row[i]!]));
  });
}
