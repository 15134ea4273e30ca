import { matchHeading } from "./columnAliases";
import { buildShot, checkUniqueIds, shotLetter, type RawShot } from "./shotBuilder";
import type { ShotList, ShotListProblem } from "./shotListTypes";

/**
 * Shots from a Fountain screenplay. Fountain has no shot element, so Shotbin uses its own
 * convention (README, "Shot lists"):
 *   - each scene heading (INT./EXT./EST./I/E, or forced with a leading '.') starts a scene; `#3#`
 *     at its end is the scene number;
 *   - a note `[[shot: 3A; duration: 5; camera: wide]]` on its own line, or a line
 *     `SHOT: 3A; duration: 5`, starts a shot; options are `key: value` pairs separated by `;` or `|`,
 *     with the same names as CSV columns, and the id may be left out (3A, 3B, ... are generated);
 *   - action lines under a shot, up to the next shot or scene, are its description; dialogue under a
 *     shot is added as `NAME says: "..."` so models with audio can voice it.
 * Other notes, boneyard, sections, synopses, transitions and the title page are not prompts.
 */

const SCENE_HEADING = /^(?:\.(?!\.)\S|(?:int|ext|est|int\.?\/ext|i\/e)[.\s])/i;
const SHOT_NOTE = /^\s*\[\[\s*shot\s*:?(.*?)\]\]\s*$/i;
const SHOT_LINE = /^\s*shot\s*:(.*)$/i;
const TITLE_KEYS = /^(title|credit|author|authors|source|draft date|date|contact|copyright|notes|revision)\s*:/i;

interface SceneInfo {
  id: string;
  setting: string;
  line: number;
  shots: number;
}

function sceneFrom(heading: string, line: number, count: number): SceneInfo {
  let text = heading.trim().replace(/^\./, "");
  let id = String(count);
  const number = /\s*#([^#]+)#\s*$/.exec(text);
  if (number) {
    id = number[1]!.trim();
    text = text.slice(0, number.index).trim();
  }
  const prefix = /^(int\.?\/ext\.?|i\/e\.?|int\.?|ext\.?|est\.?)\s*/i.exec(text);
  const words: Record<string, string> = { int: "Interior", ext: "Exterior", est: "Establishing", "int/ext": "Interior/exterior", "i/e": "Interior/exterior" };
  let setting = text;
  if (prefix) {
    const key = prefix[1]!.toLowerCase().replace(/\./g, "");
    const rest = text.slice(prefix[0].length).split(/\s+[-–—]\s+/).map((part) => part.trim().toLowerCase()).filter(Boolean);
    setting = [`${words[key] ?? prefix[1]} ${rest[0] ?? ""}`.trim(), ...rest.slice(1)].join(", ");
  }
  return { id, setting, line, shots: 0 };
}

/** Blanks out boneyard (`/* ... *\/`) and keeps line breaks so line numbers stay right. */
function removeBoneyard(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (match) => match.replace(/[^\n]/g, ""));
}

function isCharacterCue(line: string, next: string | undefined, previousBlank: boolean): boolean {
  if (!previousBlank || next === undefined || next.trim() === "") return false;
  if (line.startsWith("@")) return true;
  const name = line.replace(/\s*\(.*\)\s*$/, "").replace(/\s*\^$/, "").trim();
  return /[A-Z]/.test(name) && name === name.toUpperCase() && /^[A-Z0-9 .'-]+$/.test(name) && !/TO:$/.test(name);
}

export function parseFountainShotList(input: string, options: { file?: string } = {}): ShotList {
  const file = options.file;
  const problems: ShotListProblem[] = [];
  const defaultName = (file ?? "script").split(/[\\/]/).pop()!.replace(/\.[^.]+$/, "") || "script";
  const list: ShotList = { name: defaultName, format: "fountain", ...(file ? { file } : {}), defaults: {}, shots: [], problems, ignored: [] };
  const text = removeBoneyard(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, "\n");
  const lines = text.split("\n");

  let i = 0;
  if (TITLE_KEYS.test(lines[0] ?? "")) {
    let key = "";
    for (; i < lines.length && lines[i]!.trim() !== ""; i++) {
      const pair = /^([^:]+):\s*(.*)$/.exec(lines[i]!);
      if (pair && !/^\s/.test(lines[i]!)) {
        key = pair[1]!.trim().toLowerCase();
        if (key === "title" && pair[2]!.trim()) list.name = pair[2]!.replace(/[*_]/g, "").trim();
      } else if (key === "title" && list.name === defaultName) {
        list.name = lines[i]!.replace(/[*_]/g, "").trim();
      }
    }
  }

  let scene: SceneInfo | undefined;
  let sceneCount = 0;
  let current: { raw: RawShot; id: string; line: number; scene?: SceneInfo; text: string[] } | undefined;
  const scenesWithoutShots: SceneInfo[] = [];
  let orphanAction = false;

  const finishShot = () => {
    if (!current) return;
    const description = current.text.join(" ").replace(/\s+/g, " ").trim();
    if (description) current.raw.description = { column: "action", value: description };
    if (current.scene && !current.raw.setting) current.raw.setting = { column: "scene heading", value: current.scene.setting };
    const source = { file, line: current.line };
    const shot = buildShot(current.raw, { id: current.id, order: list.shots.length, source, ...(current.scene ? { scene: current.scene.id } : {}) }, problems);
    if (!shot.description && !shot.firstFrame) {
      problems.push({ severity: "error", ...source, message: `shot ${current.id} has no action lines under it`, fix: "write what happens in the shot on the lines below the shot note" });
    }
    list.shots.push(shot);
    current = undefined;
  };
  const finishScene = () => {
    finishShot();
    if (scene && scene.shots === 0 && orphanAction) scenesWithoutShots.push(scene);
    orphanAction = false;
  };

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    const trimmed = line.trim();
    const previousBlank = i === 0 || lines[i - 1]!.trim() === "";
    if (trimmed === "") continue;
    const shotMatch = SHOT_NOTE.exec(line) ?? SHOT_LINE.exec(line);
    if (shotMatch) {
      finishShot();
      const raw: RawShot = {};
      let id = "";
      for (const part of shotMatch[1]!.split(/[;|]/).map((p) => p.trim()).filter(Boolean)) {
        const pair = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(part);
        if (!pair) {
          if (!id) id = part;
          else problems.push({ severity: "error", file, line: lineNumber, message: `shot option '${part}' has no value`, fix: "write options as key: value, separated by ;" });
          continue;
        }
        const match = matchHeading(pair[1]!);
        if (!match || match.field === "description") {
          problems.push({ severity: "error", file, line: lineNumber, column: pair[1]!.trim(), message: `'${pair[1]!.trim()}' is not a shot option`, fix: "use duration, camera, movement, lens, model, seed, aspect, resolution, takes, negative, first frame, last frame, image model, image prompt, edit prompt, edit model or notes" });
          continue;
        }
        if (match.field === "shot") id = pair[2]!.trim();
        else raw[match.field] = { column: pair[1]!.trim(), value: pair[2]!.trim(), ...(match.unitSeconds ? { unitSeconds: match.unitSeconds } : {}) };
      }
      if (!scene) {
        sceneCount++;
        scene = { id: String(sceneCount), setting: "", line: lineNumber, shots: 0 };
      }
      const generated = `${scene.id}${shotLetter(scene.shots)}`;
      scene.shots++;
      current = { raw, id: id || generated, line: lineNumber, scene, text: [] };
      continue;
    }
    if (previousBlank && SCENE_HEADING.test(trimmed)) {
      finishScene();
      sceneCount++;
      // An unnumbered scene after numbered ones takes the next number, so ids never collide.
      const previous = scene && /^\d+$/.test(scene.id) ? Number(scene.id) : sceneCount - 1;
      scene = sceneFrom(trimmed, lineNumber, Math.max(previous + 1, sceneCount));
      continue;
    }
    if (/^\[\[[\s\S]*\]\]$/.test(trimmed) || /^(#|=|~|===)/.test(trimmed) || (/^>/.test(trimmed) && !/<$/.test(trimmed))) continue;
    if (/^[A-Z0-9 .'-]+TO:$/.test(trimmed) && previousBlank) continue;
    const clean = trimmed.replace(/\[\[[^\]]*\]\]/g, "").replace(/^!/, "").replace(/^>\s*|\s*<$/g, "").replace(/[*_]/g, "").trim();
    if (!clean) continue;
    if (isCharacterCue(trimmed, lines[i + 1], previousBlank)) {
      const name = trimmed.replace(/^@/, "").replace(/\s*\^$/, "").trim();
      const speech: string[] = [];
      for (i = i + 1; i < lines.length && lines[i]!.trim() !== ""; i++) {
        const dialogue = lines[i]!.trim();
        if (/^\(.*\)$/.test(dialogue)) continue;
        speech.push(dialogue.replace(/[*_]/g, ""));
      }
      if (current && speech.length > 0) current.text.push(`${name.replace(/\s*\((V\.O\.|O\.S\.|O\.C\.|CONT'D)\)/gi, "").trim()} says: "${speech.join(" ")}"`);
      else if (!current) orphanAction = true;
      continue;
    }
    if (current) current.text.push(clean);
    else orphanAction = true;
  }
  finishScene();
  for (const lonely of scenesWithoutShots) {
    problems.push({ severity: "warning", file, line: lonely.line, message: `scene ${lonely.id} has action but no shot notes, so nothing is generated for it`, fix: "add [[shot: ...]] on its own line above the action to generate" });
  }
  if (list.shots.length === 0) {
    problems.push({ severity: "error", file, message: "the script marks no shots", fix: "put [[shot: 1A; duration: 5]] on its own line above the action of each shot" });
  }
  checkUniqueIds(list.shots, problems);
  return list;
}
