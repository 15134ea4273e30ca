/** Which Premiere and UXP this is, from `uxp.host`, `uxp.versions` and `premierepro.Application`. */
import type { SelfCheckDeps } from "../selfCheckDeps";
import { fail, pass, type SelfCheckDefinition } from "./checkDefinition";

export const MIN_PREMIERE: readonly [number, number] = [25, 6];

/** `26.3.0` → [26, 3, 0]; null when it does not start with a number. */
export function parseVersion(text: string | null | undefined): number[] | null {
  const match = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text ?? "");
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function atLeast(version: number[] | null, minimum: readonly number[]): boolean {
  if (!version) return false;
  for (let i = 0; i < minimum.length; i++) {
    const have = version[i] ?? 0;
    const want = minimum[i] ?? 0;
    if (have !== want) return have > want;
  }
  return true;
}

export interface HostVersions {
  host: string | null;
  version: string | null;
  uxp: string | null;
  plugin: string | null;
  application: string | null;
}

function text(read: () => unknown): string | null {
  try {
    const value = read();
    return typeof value === "string" && value.trim() ? value.trim() : null;
  } catch {
    return null;
  }
}

export function readVersions(deps: Pick<SelfCheckDeps, "uxp" | "ppro">): HostVersions {
  return {
    host: text(() => deps.uxp.host?.name),
    version: text(() => deps.uxp.host?.version),
    uxp: text(() => deps.uxp.versions?.uxp),
    plugin: text(() => deps.uxp.versions?.plugin),
    application: text(() => (deps.ppro as { Application?: { version?: unknown } }).Application?.version),
  };
}

/** The Premiere version to reason with: the host's, else the application's. */
export function premiereVersion(versions: HostVersions): number[] | null {
  return parseVersion(versions.version) ?? parseVersion(versions.application);
}

export const versionCheck: SelfCheckDefinition = {
  id: "versions",
  expected: `Premiere Pro ${MIN_PREMIERE.join(".")} or later, with uxp.host and uxp.versions filled in`,
  async run(ctx) {
    const v = readVersions(ctx.deps);
    const details = { ...v };
    const described = [
      `host ${v.host ?? "(no uxp.host.name)"} ${v.version ?? "(no uxp.host.version)"}`,
      `UXP ${v.uxp ?? "(no uxp.versions.uxp)"}`,
      `plugin ${v.plugin ?? "(no uxp.versions.plugin)"}`,
      `Application.version ${v.application ?? "(none)"}`,
    ].join(", ");
    const version = premiereVersion(v);
    if (!version) return fail(`${described}: no Premiere version could be read`, { details });
    if (!atLeast(version, MIN_PREMIERE)) {
      return fail(`${described}: older than the ${MIN_PREMIERE.join(".")} the manifest asks for`, { details });
    }
    if (!v.version || !v.uxp) return fail(`${described}: part of uxp.host / uxp.versions is missing`, { details });
    return pass(described, { details });
  },
};
