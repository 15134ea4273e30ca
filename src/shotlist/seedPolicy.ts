import type { SeedPolicy } from "./shotListTypes";

/** FNV-1a: a stable number for a shot id, so `per-shot` seeds survive reordering the list. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const MAX_SEED = 4294967295;

/**
 * The seed of take `take` (from 1) of a shot. A seed written on the shot wins; takes beyond the
 * first add one each, so takes differ. Undefined means "let the provider choose" (the seed it
 * used is recorded when it reports one).
 */
export function seedFor(policy: SeedPolicy | undefined, shotId: string, shotSeed: number | undefined, take: number, random: () => number): number | undefined {
  if (shotSeed !== undefined) return (shotSeed + take - 1) % (MAX_SEED + 1);
  switch (policy?.kind) {
    case "fixed":
      return policy.seed;
    case "per-shot":
      return (((policy.base + hash(shotId)) >>> 0) + take - 1) % (MAX_SEED + 1);
    case "random-recorded":
      return Math.floor(random() * MAX_SEED);
    default:
      return undefined;
  }
}

/** "fixed:42", "per-shot", "per-shot:7", "random" (random-recorded). */
export function parseSeedPolicy(raw: unknown): SeedPolicy | string {
  if (typeof raw === "number" && Number.isInteger(raw) && raw >= 0 && raw <= MAX_SEED) return { kind: "fixed", seed: raw };
  if (raw && typeof raw === "object") {
    const record = raw as { kind?: unknown; seed?: unknown; base?: unknown };
    if (record.kind === "fixed" && typeof record.seed === "number") return parseSeedPolicy(record.seed);
    if (record.kind === "per-shot") return { kind: "per-shot", base: typeof record.base === "number" ? record.base : 0 };
    if (record.kind === "random-recorded" || record.kind === "random") return { kind: "random-recorded" };
  }
  if (typeof raw === "string") {
    const [kind, value] = raw.trim().toLowerCase().split(/\s*[:=]\s*/);
    const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
    if (kind === "fixed" && number !== undefined && number <= MAX_SEED) return { kind: "fixed", seed: number };
    if (kind === "per-shot" || kind === "pershot") return { kind: "per-shot", base: number ?? 0 };
    if (kind === "random" || kind === "random-recorded") return { kind: "random-recorded" };
  }
  return `seed policy ${JSON.stringify(raw)} is not one Shotbin knows; use "fixed:42", "per-shot", "per-shot:7" or "random"`;
}

export function describeSeedPolicy(policy: SeedPolicy | undefined): string {
  if (!policy) return "provider's choice";
  if (policy.kind === "fixed") return `fixed ${policy.seed}`;
  if (policy.kind === "per-shot") return `per shot (base ${policy.base})`;
  return "random, recorded";
}
