import { z } from "../core/zodConfig";
import { matchHeading } from "./columnAliases";
import { parseAspect, parseAudio, parseDuration, parseResolution, parseTakes } from "./fieldValues";
import { checkPromptTemplate, PromptTemplateError } from "./promptTemplate";
import { parseSeedPolicy } from "./seedPolicy";
import { buildShot, checkUniqueIds, shotLetter, type RawShot } from "./shotBuilder";
import type { ShotDefaults, ShotList, ShotListProblem } from "./shotListTypes";

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
const shotSchema = z.record(z.string(), cellValue, { error: "each shot must be an object of fields such as {\"shot\": \"1A\", \"prompt\": \"...\"}" });
const defaultsSchema = z
  .object({
    model: z.string().optional(),
    provider: z.string().optional(),
    aspect: z.string().optional(),
    aspectRatio: z.string().optional(),
    resolution: z.string().optional(),
    duration: z.union([z.number(), z.string()]).optional(),
    takes: z.union([z.number(), z.string()]).optional(),
    audio: z.union([z.boolean(), z.string()]).optional(),
    negative: z.string().optional(),
    seedPolicy: z.unknown().optional(),
    promptTemplate: z.string().optional(),
    imageModel: z.string().optional(),
  })
  .strict();
const arraySchema = z.array(shotSchema);
const objectSchema = z
  .object({
    name: z.string().optional(),
    defaults: defaultsSchema.optional(),
    shots: z.array(shotSchema, { error: "shots must be a list" }),
  }, { error: 'the file must be a list of shots, or {"name": ..., "defaults": {...}, "shots": [...]}' })
  .strict();

/** Fields whose value is sent as prompt text: only a JSON string is accepted. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(["description", "negative", "imagePrompt", "editPrompt"]);

function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 40)})`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  return typeof value;
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

function readDefaults(raw: z.infer<typeof defaultsSchema>, file: string | undefined, problems: ShotListProblem[]): ShotDefaults {
  const defaults: ShotDefaults = {};
  const fail = (key: string, message: string, fix: string) => problems.push({ severity: "error", file, path: `defaults.${key}`, message, fix });
  if (raw.model) defaults.model = raw.model;
  if (raw.provider) defaults.provider = raw.provider;
  const aspect = raw.aspect ?? raw.aspectRatio;
  if (aspect !== undefined) {
    const result = parseAspect(aspect);
    if (result.ok) defaults.aspect = result.value;
    else fail("aspect", result.message, result.fix);
  }
  if (raw.resolution !== undefined) {
    const result = parseResolution(raw.resolution);
    if (result.ok) defaults.resolution = result.value;
    else fail("resolution", result.message, result.fix);
  }
  if (raw.duration !== undefined) {
    const result = parseDuration(raw.duration);
    if (result.ok) defaults.durationSeconds = result.value;
    else fail("duration", result.message, result.fix);
  }
  if (raw.takes !== undefined) {
    const result = parseTakes(raw.takes);
    if (result.ok) defaults.takes = result.value;
    else fail("takes", result.message, result.fix);
  }
  if (raw.audio !== undefined) {
    const result = parseAudio(raw.audio);
    if (result.ok) defaults.audio = result.value;
    else fail("audio", result.message, result.fix);
  }
  if (raw.negative) defaults.negative = raw.negative;
  if (raw.imageModel) defaults.imageModel = raw.imageModel;
  if (raw.seedPolicy !== undefined) {
    const policy = parseSeedPolicy(raw.seedPolicy);
    if (typeof policy === "string") fail("seedPolicy", policy, 'write "fixed:42", "per-shot" or "random"');
    else defaults.seedPolicy = policy;
  }
  if (raw.promptTemplate !== undefined) {
    try {
      checkPromptTemplate(raw.promptTemplate);
      defaults.promptTemplate = raw.promptTemplate;
    } catch (error) {
      if (!(error instanceof PromptTemplateError)) throw error;
      fail("promptTemplate", error.message, "fix the template; see the README's Shot lists section");
    }
  }
  return defaults;
}

/** Reads a JSON shot list: an array of shots, or `{name, defaults, shots}`. Keys go through the same alias table as CSV headings. */
export function parseJsonShotList(input: string, options: { file?: string } = {}): ShotList {
  const file = options.file;
  const problems: ShotListProblem[] = [];
  const name = (file ?? "shot list").split(/[\\/]/).pop()!.replace(/\.[^.]+$/, "") || "shot list";
  const list: ShotList = { name, format: "json", ...(file ? { file } : {}), defaults: {}, shots: [], problems, ignored: [] };
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const lineMatch = /line (\d+)/.exec(message);
    const line = lineMatch ? Number(lineMatch[1]) : position ? lineAt(text, Number(position[1])) : undefined;
    problems.push({ severity: "error", file, ...(line ? { line } : {}), message: `the file is not valid JSON (${message.replace(/\s*\(line \d+ column \d+\)/, "")})`, fix: "check for a missing comma, quote or bracket near that line" });
    return list;
  }
  const parsed = Array.isArray(json) ? arraySchema.safeParse(json) : objectSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) {
      const at = pathText(issue.path);
      const unknownKeys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      problems.push({
        severity: "error",
        file,
        ...(at ? { path: at } : {}),
        message: `${issue.message}${unknownKeys}`,
        fix: Array.isArray(json) || (json && typeof json === "object" && "shots" in json) ? "see the README's Shot lists section for the JSON shape" : 'write a list of shots, or {"name": ..., "defaults": {...}, "shots": [...]}',
      });
    }
    return list;
  }
  const value = parsed.data;
  const shots = Array.isArray(value) ? value : value.shots;
  if (!Array.isArray(value)) {
    if (value.name) list.name = value.name;
    if (value.defaults) list.defaults = readDefaults(value.defaults, file, problems);
  }
  const ignored = new Set<string>();
  const perScene = new Map<string, number>();
  shots.forEach((entry, index) => {
    const raw: RawShot = {};
    const path = `shots[${index}]`;
    let refusedText = false;
    for (const [key, cell] of Object.entries(entry)) {
      if (cell === null) continue;
      const match = matchHeading(key);
      if (!match) {
        ignored.add(key);
        continue;
      }
      if (TEXT_FIELDS.has(match.field) && typeof cell !== "string") {
        // A prompt is sent as written: a number, true or a list here is a mistake, never a prompt.
        problems.push({ severity: "error", file, path, column: key, message: `shot entry ${index + 1}: "${key}" must be text in quotes, not ${describeJson(cell)}`, fix: `write "${key}": "..."` });
        refusedText = true;
        continue;
      }
      if (raw[match.field]) {
        problems.push({ severity: "error", file, path, column: key, message: `"${raw[match.field]!.column}" and "${key}" both mean ${match.field}`, fix: "keep one of them" });
        continue;
      }
      raw[match.field] = { column: key, value: cell, ...(match.unitSeconds ? { unitSeconds: match.unitSeconds } : {}) };
    }
    const scene = raw.scene ? String(raw.scene.value).trim() || undefined : undefined;
    const sceneIndex = perScene.get(scene ?? "") ?? 0;
    perScene.set(scene ?? "", sceneIndex + 1);
    const written = raw.shot ? String(raw.shot.value).trim() : "";
    const id = written || (scene ? `${scene}${shotLetter(sceneIndex)}` : String(index + 1));
    const source = { file, path };
    const shot = buildShot(raw, { id, order: index, source, ...(scene ? { scene } : {}) }, problems);
    if (!shot.description && !shot.firstFrame && !refusedText) {
      problems.push({ severity: "error", ...source, message: `shot ${id} has no prompt`, fix: 'add "prompt": "..." (or "description")' });
    }
    list.shots.push(shot);
  });
  list.ignored = [...ignored];
  if (list.shots.length === 0) problems.push({ severity: "error", file, message: "the list has no shots", fix: "add at least one shot" });
  checkUniqueIds(list.shots, problems);
  return list;
}
