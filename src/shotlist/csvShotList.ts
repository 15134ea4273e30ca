import { JOINABLE_FIELDS, matchHeading } from "./columnAliases";
import { detectDelimiter, readCsvRecords, stripBom, type CsvRecord } from "./csvReader";
import { buildShot, checkUniqueIds, shotLetter, type RawShot } from "./shotBuilder";
import type { ShotField, ShotList, ShotListProblem, ShotSpec } from "./shotListTypes";

interface Column {
  index: number;
  heading: string;
  field: ShotField;
  unitSeconds?: number;
}

/** Fields that say what a shot is; a row with none of them is blank or an unfilled template row. */
const CONTENT_FIELDS: readonly ShotField[] = ["description", "setting", "camera", "movement", "lens", "notes", "model", "provider", "seed", "negative", "firstFrame", "lastFrame", "referenceImages", "aspect", "resolution", "audio"];

const isBlank = (record: CsvRecord) => record.cells.every((cell) => cell.trim() === "");

/** The header is the first row with two or more headings Shotbin knows (title rows above it are skipped). */
function findHeader(records: CsvRecord[]): number {
  const limit = Math.min(records.length, 15);
  for (let i = 0; i < limit; i++) {
    const known = records[i]!.cells.filter((cell) => matchHeading(cell)).length;
    if (known >= 2) return i;
  }
  return records.findIndex((record) => !isBlank(record));
}

function nameFromFile(file: string | undefined): string {
  const base = (file ?? "shot list").split(/[\\/]/).pop() ?? "shot list";
  return base.replace(/\.[^.]+$/, "") || "shot list";
}

/** A short scene number prefixes per-scene shot numbers, so scene 3 shot 1 is "3.1" and stays unique. */
function shotId(scene: string | undefined, written: string | undefined, sceneIndex: number): string {
  if (!written) return scene ? `${scene}${shotLetter(sceneIndex)}` : "";
  if (scene && scene.length <= 4 && /^(\d+|[a-z]{1,2})$/i.test(written)) {
    return `${scene}.${written}`;
  }
  return written;
}

export interface CsvParseOptions {
  file?: string;
}

/** Reads a spreadsheet export (comma, semicolon or tab; BOM; quoted line breaks) into a shot list. */
export function parseCsvShotList(input: string, options: CsvParseOptions = {}): ShotList {
  const file = options.file;
  const problems: ShotListProblem[] = [];
  const text = stripBom(input);
  const delimiter = detectDelimiter(text, (cell) => !!matchHeading(cell));
  const read = readCsvRecords(text, delimiter);
  const list: ShotList = { name: nameFromFile(file), format: "csv", ...(file ? { file } : {}), defaults: {}, shots: [], problems, ignored: [] };
  if (read.unterminatedQuoteLine !== undefined) {
    problems.push({ severity: "error", file, line: read.unterminatedQuoteLine, message: "a quoted cell opened here is never closed", fix: 'close the cell with a double quote ("), and write quotes inside a cell as ""' });
    return list;
  }
  const records = read.records;
  const headerIndex = findHeader(records);
  if (headerIndex < 0) {
    problems.push({ severity: "error", file, message: "the file is empty", fix: "export the shot list with a header row, such as Shot, Description, Duration" });
    return list;
  }
  const title = records.slice(0, headerIndex).find((record) => !isBlank(record))?.cells.find((cell) => cell.trim() !== "");
  if (title) list.name = title.trim();

  const header = records[headerIndex]!;
  const headerRow = headerIndex + 1;
  const columns: Column[] = [];
  header.cells.forEach((heading, index) => {
    if (heading.trim() === "") return;
    const match = matchHeading(heading);
    if (!match) {
      list.ignored.push(heading.trim());
      return;
    }
    const earlier = columns.find((column) => column.field === match.field);
    if (earlier && !JOINABLE_FIELDS.has(match.field)) {
      problems.push({
        severity: "error",
        file,
        row: headerRow,
        line: header.line,
        column: heading.trim(),
        message: `columns "${earlier.heading}" and "${heading.trim()}" both mean ${match.field}`,
        fix: `rename or delete one of them`,
      });
      return;
    }
    columns.push({ index, heading: heading.trim(), field: match.field, ...(match.unitSeconds ? { unitSeconds: match.unitSeconds } : {}) });
  });
  if (!columns.some((column) => column.field === "description")) {
    problems.push({
      severity: "error",
      file,
      row: headerRow,
      line: header.line,
      message: `no column describes the shots (headings found: ${header.cells.map((c) => c.trim()).filter(Boolean).join(", ") || "none"})`,
      fix: "name the shot's description column Description, Action or Prompt",
    });
    return list;
  }

  let scene: string | undefined;
  const perScene = new Map<string, number>();
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i]!;
    const row = i + 1;
    if (isBlank(record)) continue;
    const raw: RawShot = {};
    for (const column of columns) {
      const cell = record.cells[column.index]?.trim() ?? "";
      if (cell === "") continue;
      const existing = raw[column.field];
      raw[column.field] = existing
        ? { ...existing, value: `${String(existing.value)}${column.field === "description" || column.field === "notes" ? " " : ", "}${cell}` }
        : { column: column.heading, value: cell, ...(column.unitSeconds ? { unitSeconds: column.unitSeconds } : {}) };
    }
    const extra = record.cells.slice(header.cells.length).filter((cell) => cell.trim() !== "");
    if (extra.length > 0) {
      problems.push({ severity: "warning", file, row, line: record.line, message: `this row has ${extra.length} more cell(s) than the header ('${extra[0]!.trim().slice(0, 30)}'); they are ignored`, fix: `check for a stray ${delimiter === "\t" ? "tab" : `'${delimiter}'`} in the row` });
    }
    const writtenScene = raw.scene ? String(raw.scene.value).trim() : undefined;
    const hasContent = CONTENT_FIELDS.some((field) => raw[field] !== undefined);
    if (!hasContent) {
      // A scene divider ("Scene 3" alone) sets the scene for the rows below; numbered empty rows are template rows.
      if (writtenScene && !raw.shot) scene = writtenScene;
      continue;
    }
    if (writtenScene) scene = writtenScene;
    const sceneKey = scene ?? "";
    const sceneIndex = perScene.get(sceneKey) ?? 0;
    perScene.set(sceneKey, sceneIndex + 1);
    const written = raw.shot ? String(raw.shot.value).trim() : undefined;
    const order = list.shots.length;
    const id = shotId(scene, written, sceneIndex) || String(order + 1);
    const source = { file, row, line: record.line };
    const shot: ShotSpec = buildShot(raw, { id, order, source, ...(scene ? { scene } : {}) }, problems);
    if (!shot.description && !shot.firstFrame) {
      problems.push({ severity: "error", ...source, column: columns.find((c) => c.field === "description")?.heading, message: `shot ${id} has no description`, fix: "describe the shot, or delete the row" });
    }
    list.shots.push(shot);
  }
  if (list.shots.length === 0 && !problems.some((p) => p.severity === "error")) {
    problems.push({ severity: "error", file, message: "the list has a header but no shots", fix: "add one row per shot under the header" });
  }
  checkUniqueIds(list.shots, problems);
  return list;
}
