import type { ShotField } from "./shotListTypes";

/**
 * Column headings (CSV) and keys (JSON) production shot lists actually use, matched without
 * regard to case, accents, spaces or punctuation: "Shot #", "shot_number" and "SHOT NO." are all
 * the shot number. Sources: StudioBinder's shot list module, studiocolor.io, ShotDriver, Shot
 * Designer's clone, FilmOrganizer's Spanish headings (reference/anchors.md §4).
 */
const ALIASES: Record<ShotField, readonly string[]> = {
  shot: ["shot", "shot #", "shot number", "shot no", "shot no.", "no", "no.", "nº", "#", "shot id", "id", "number", "shot num", "plano", "nr"],
  scene: ["scene", "scene #", "scene number", "scene no", "sc", "sc.", "escena", "scene id"],
  description: ["description", "action", "prompt", "shot description", "action/dialogue", "action and dialogue", "descripción", "descripcion", "what", "visual", "subject"],
  setting: ["setting", "location", "set", "localización", "localizacion", "place"],
  duration: [
    "duration",
    "length",
    "secs",
    "sec",
    "seconds",
    "dur",
    "duration (s)",
    "duration (sec)",
    "duration (secs)",
    "duration (seconds)",
    "length (s)",
    "estimated duration",
    "est. duration",
    "duración",
    "duracion",
    "duration (min)",
    "duración (min)",
    "min",
  ],
  camera: ["camera", "angle", "shot type", "size", "shot size", "camera angle", "framing", "type", "tipo de plano", "tamaño de plano", "tamano de plano", "shot size / type"],
  movement: ["movement", "camera movement", "move", "camera move", "motion", "camera motion", "movimiento"],
  lens: ["lens", "focal length", "lens (mm)", "mm", "objetivo", "optics"],
  notes: ["notes", "comments", "remarks", "observaciones", "notas", "equipment notes"],
  model: ["model", "ai model", "video model", "generator"],
  provider: ["provider", "service", "api"],
  seed: ["seed", "random seed"],
  aspect: ["aspect", "aspect ratio", "ratio", "ar", "format"],
  resolution: ["resolution", "res", "quality"],
  negative: ["negative", "negative prompt", "avoid", "exclude"],
  firstFrame: ["reference", "image", "first frame", "start frame", "reference image", "ref", "ref image", "frame", "storyboard", "sketch"],
  lastFrame: ["last frame", "end frame", "final frame"],
  referenceImages: ["reference images", "references", "refs", "style references", "style reference"],
  takes: ["takes", "take count", "versions", "variations", "number of takes"],
  audio: ["audio", "sound"],
  imageModel: ["image model", "still model", "frame model", "concept model", "image generator", "t2i model"],
  imagePrompt: ["image prompt", "still prompt", "frame prompt", "concept prompt", "image description", "keyframe prompt"],
  editPrompt: ["edit prompt", "image edit", "refine", "refine prompt", "edit", "still edit", "frame edit"],
  editModel: ["edit model", "image edit model", "refine model"],
  continuity: ["continuity", "continue", "continues", "continues from", "continue from", "continued from", "follows", "follows on", "chain", "chained", "match previous"],
};

/** Lower case, accents and everything but letters and digits removed: "Shot #" → "shot", "Nº" → "no". */
export function normalizeHeading(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}

const BY_HEADING = new Map<string, ShotField>();
for (const [field, aliases] of Object.entries(ALIASES) as [ShotField, readonly string[]][]) {
  for (const alias of aliases) {
    const key = normalizeHeading(alias);
    // "#" normalises to nothing; it is matched separately below.
    if (key && !BY_HEADING.has(key)) BY_HEADING.set(key, field);
  }
}

export interface HeadingMatch {
  field: ShotField;
  /** Seconds per unit written in the heading: 60 for "Duration (min)". */
  unitSeconds?: number;
}

/** The field a heading or key stands for, or undefined when Shotbin does not know it. */
export function matchHeading(heading: string): HeadingMatch | undefined {
  const trimmed = heading.trim();
  if (trimmed === "#") return { field: "shot" };
  const key = normalizeHeading(trimmed);
  if (!key) return undefined;
  const field = BY_HEADING.get(key);
  if (!field) return undefined;
  if (field === "duration" && /\bmin(ute)?s?\b/i.test(trimmed.normalize("NFKD"))) return { field, unitSeconds: 60 };
  return { field };
}

/** Every alias per field, for the README and `--help`. */
export function aliasTable(): Readonly<Record<ShotField, readonly string[]>> {
  return ALIASES;
}

/** Fields several columns may feed; their texts are joined ("Wide" + "Low angle"). */
export const JOINABLE_FIELDS: ReadonlySet<ShotField> = new Set<ShotField>(["camera", "movement", "lens", "notes", "setting", "description"]);
