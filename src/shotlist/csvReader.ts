/**
 * RFC 4180 records from spreadsheet exports. Hand-written rather than a library (papaparse,
 * csv-parse) because every error message needs the physical line each record starts on, the
 * delimiter is chosen by looking at the header against Shotbin's alias table, and the panel
 * bundle runs in UXP, where a small dependency-free reader is the safe choice.
 */

export type CsvDelimiter = "," | ";" | "\t";

export interface CsvRecord {
  cells: string[];
  /** 1-based line the record starts on. */
  line: number;
}

export interface CsvReadResult {
  records: CsvRecord[];
  delimiter: CsvDelimiter;
  /** A quoted field still open at the end of the file: the line it was opened on. */
  unterminatedQuoteLine?: number;
}

const DELIMITERS: readonly CsvDelimiter[] = [",", ";", "\t"];

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Splits text into records, honouring quotes, doubled quotes and line breaks inside quotes. */
export function readCsvRecords(text: string, delimiter: CsvDelimiter): CsvReadResult {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let started = false;
  const endCell = () => {
    cells.push(cell);
    cell = "";
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    records.push({ cells, line: recordLine });
    cells = [];
    started = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (!started) {
      started = true;
      recordLine = line;
    }
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell.trim() === "" && !afterQuote) {
      // A quote opens a field only at its start (spaces before it are dropped, as spreadsheets do).
      cell = "";
      quoted = true;
      quoteLine = line;
    } else if (char === delimiter) {
      endCell();
    } else if (char === "\r" || char === "\n") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
    } else if (!afterQuote || char.trim() !== "") {
      // Text after a closing quote is kept verbatim (lenient, like spreadsheets); trailing spaces are not.
      cell += char;
    }
  }
  if (started || cell !== "" || cells.length > 0) endRecord();
  return { records, delimiter, ...(quoted ? { unterminatedQuoteLine: quoteLine } : {}) };
}

/**
 * Picks the delimiter that splits the header into the most columns the alias table knows, then
 * the one that gives the most consistent column count across the first records.
 */
export function detectDelimiter(text: string, isKnownHeader: (cell: string) => boolean): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; known: number; columns: number; consistent: number } | undefined;
  const sample = text.slice(0, 64 * 1024);
  for (const delimiter of DELIMITERS) {
    const { records } = readCsvRecords(sample, delimiter);
    const nonBlank = records.filter((record) => record.cells.some((cell) => cell.trim() !== ""));
    const header = nonBlank[0]?.cells ?? [];
    const known = header.filter(isKnownHeader).length;
    const columns = header.length;
    const consistent = nonBlank.slice(1, 20).filter((record) => record.cells.length === columns).length;
    const candidate = { delimiter, known, columns, consistent };
    if (
      !best ||
      candidate.known > best.known ||
      (candidate.known === best.known && (candidate.columns > 1 ? 1 : 0) > (best.columns > 1 ? 1 : 0)) ||
      (candidate.known === best.known && candidate.columns > 1 && best.columns > 1 && candidate.consistent > best.consistent)
    ) {
      best = candidate;
    }
  }
  return best?.delimiter ?? ",";
}

/** One field, quoted when it must be (RFC 4180). */
export function csvField(value: string, delimiter: string = ","): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
