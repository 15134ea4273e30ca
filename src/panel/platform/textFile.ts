/**
 * A chosen file's bytes as text, or a clear refusal when they are not text: a shot list must be
 * a UTF-8 text file (CSV, JSON, Fountain). Checked before any parsing, so a picture, a clip, a
 * spreadsheet (.xlsx is a ZIP) or a UTF-16 export gets a sentence saying what it is and what to
 * do, not a parser error about row 1.
 */
import { utf8Decode, utf8Encode } from "../../core/text/utf8";

const KIND = "a shot list is a CSV, JSON or Fountain text file";

/** Offset of the first byte that is not valid UTF-8, or -1 (valid UTF-8 decodes and encodes back to the same bytes). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const again = utf8Encode(utf8Decode(bytes));
  const length = Math.min(bytes.length, again.length);
  for (let i = 0; i < length; i++) if (bytes[i] !== again[i]) return i;
  return bytes.length === again.length ? -1 : length;
}

export function textOfFile(name: string, bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new Error(`${name} is UTF-16 text (what Excel calls "Unicode Text"); ${KIND} in UTF-8. Save it as "CSV UTF-8" and choose it again.`);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new Error(`${name} is not a text file: byte ${nul} is a NUL, as in images, clips and spreadsheets (.xlsx, .numbers); ${KIND}. From a spreadsheet, export "CSV UTF-8" and choose that.`);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid >= 0) {
    throw new Error(`${name} is not UTF-8 text: the bytes at offset ${invalid} are not valid UTF-8 (a Windows or Mac Roman encoding, or not text at all); ${KIND}. Save it as UTF-8 ("CSV UTF-8" in Excel) and choose it again.`);
  }
  return utf8Decode(bytes);
}
