/**
 * Keeping a report fit to attach to a public bug report: every string in it passes through a
 * redactor that replaces the folders the self-check touched, the project's own path and name, and
 * the relay token with placeholders. The checks themselves only ever describe the editor's bins
 * by position ("the root", "a bin 2 levels down"), never by name.
 */

export interface Redaction {
  /** Replaced wherever it appears (also with the other slash style). */
  text: string;
  placeholder: string;
}

function variants(text: string): string[] {
  const forward = text.replace(/\\/g, "/");
  const backward = text.replace(/\//g, "\\");
  return [...new Set([text, forward, backward])];
}

function withoutTrailingSeparator(path: string): string {
  return path.length > 1 ? path.replace(/[\\/]+$/, "") : path;
}

export interface RedactionSources {
  scratchFolder?: string | null;
  /** Paths of the bundled clips; their folder is redacted too. */
  bundledClips?: string[];
  projectPath?: string | null;
  projectName?: string | null;
  relayToken?: string | null;
}

/** The redactions for one run, longest first so that a folder inside another is replaced whole. */
export function redactionsFor(sources: RedactionSources): Redaction[] {
  const out: Redaction[] = [];
  const add = (text: string | null | undefined, placeholder: string, minLength: number) => {
    if (!text || text.length < minLength) return;
    for (const variant of variants(text)) out.push({ text: variant, placeholder });
  };
  add(sources.relayToken, "<relay token>", 1);
  if (sources.scratchFolder) add(withoutTrailingSeparator(sources.scratchFolder), "<scratch>", 2);
  for (const clip of sources.bundledClips ?? []) {
    const folder = clip.replace(/[\\/][^\\/]*$/, "");
    if (folder !== clip) add(folder, "<bundled clips>", 2);
  }
  add(sources.projectPath, "<project file>", 2);
  // Project names can be short everyday words; below four characters replacing them would garble the report.
  add(sources.projectName, "<project>", 4);
  return out.sort((a, b) => b.text.length - a.text.length);
}

export function redactText(text: string, redactions: readonly Redaction[]): string {
  let result = text;
  for (const { text: secret, placeholder } of redactions) {
    if (result.includes(secret)) result = result.split(secret).join(placeholder);
  }
  return result;
}

/** A deep copy of a JSON value with `map` applied to every string value (keys untouched). */
export function mapJsonStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapJsonStrings(item, map)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapJsonStrings(item, map);
    return out as T;
  }
  return value;
}

export function redactJson<T>(value: T, redactions: readonly Redaction[]): T {
  return mapJsonStrings(value, (text) => redactText(text, redactions));
}

/** Which of `forbidden` appear anywhere in `text` (case-sensitive). For tests and a last look before saving. */
export function findForbidden(text: string, forbidden: readonly string[]): string[] {
  return forbidden.filter((f) => f.length > 0 && text.includes(f));
}
