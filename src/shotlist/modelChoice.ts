import type { ModelSpec } from "../core/modelSpec";
import { PROVIDER_IDS, type ProviderId } from "../core/request";
import { allModels, modelsOf } from "../providers/catalog";
import { normalizeHeading } from "./columnAliases";

export type ModelChoice = { ok: true; spec: ModelSpec; note?: string } | { ok: false; message: string; fix: string };

/** "fal", "fal.ai", "Kling AI", "Gemini API" → the provider id. */
export function findProvider(text: string): ProviderId | undefined {
  const key = normalizeHeading(text);
  const names: Record<string, ProviderId> = { falai: "fal", klingai: "kling", geminiapi: "gemini", google: "gemini", alibaba: "dashscope", wan: "dashscope", sim: "simulator", sora: "openai" };
  return (PROVIDER_IDS as readonly string[]).includes(key) ? (key as ProviderId) : names[key];
}

/**
 * The model a shot names, as people write it: the provider's id (`kling-2.6`, `fal-ai/veo3.1`),
 * `provider:id`, the display name ("Veo 3.1 (Gemini API)"), or a family ("Kling 2.6"), which goes
 * to the first provider in `preferred` that has it.
 */
export function chooseModel(text: string, options: { provider?: ProviderId; preferred?: readonly ProviderId[] } = {}): ModelChoice {
  const written = text.trim();
  let provider = options.provider;
  let name = written;
  const prefixed = /^([a-z]+)\s*[:/]\s*(.+)$/i.exec(written);
  if (prefixed && findProvider(prefixed[1]!) && !allModels().some((m) => m.id.toLowerCase() === written.toLowerCase())) {
    provider = findProvider(prefixed[1]!);
    name = prefixed[2]!;
  }
  const pool = provider ? modelsOf(provider) : allModels();
  const exact = pool.find((m) => m.id.toLowerCase() === name.toLowerCase()) ?? pool.find((m) => normalizeHeading(m.displayName) === normalizeHeading(name));
  if (exact) return { ok: true, spec: exact };
  const family = pool.filter((m) => normalizeHeading(m.family) === normalizeHeading(name));
  if (family.length > 0) {
    const order = [...(options.preferred ?? []), ...PROVIDER_IDS];
    const spec = [...family].sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider))[0]!;
    return { ok: true, spec, note: `'${written}' means ${spec.id} (${spec.displayName})` };
  }
  const key = normalizeHeading(name);
  // Same leading word ("kling 2.7" → the Kling models), or one name inside the other.
  const stem = key.replace(/\d.*$/, "");
  const close = pool
    .filter((m) => {
      const id = normalizeHeading(m.id);
      const family = normalizeHeading(m.family);
      return id.includes(key) || key.includes(id) || family.includes(key) || (stem.length >= 3 && (id.startsWith(stem) || family.startsWith(stem)));
    })
    .map((m) => m.id);
  return {
    ok: false,
    message: `model '${written}' is not one Shotbin knows${provider ? ` for ${provider}` : ""}`,
    fix: close.length > 0 ? `did you mean ${close.slice(0, 3).join(" or ")}? (see the Generate tab's model list, or \`shotbin providers\`)` : "pick a model from the Generate tab's list (or `shotbin providers`)",
  };
}

/** The same family on another provider ("Kling 2.6" on fal for `kling-2.6`), else that provider's first model. */
export function modelOnProvider(spec: ModelSpec | undefined, provider: ProviderId): ModelSpec | undefined {
  const models = modelsOf(provider);
  return (spec && models.find((m) => m.family === spec.family)) ?? models[0];
}
