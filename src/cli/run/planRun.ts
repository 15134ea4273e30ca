import { existsSync } from "node:fs";
import * as path from "node:path";
import type { ProviderId } from "../../core/request";
import { describeProvider } from "../../providers/providerDescriptions";
import type { ImageProviderRegistry } from "../../providers/imageRegistry";
import type { ProviderRegistry } from "../../providers/registry";
import type { ShotList } from "../../shotlist/shotListTypes";
import { buildShotPlan, type ImageRef, type ShotPlan } from "../../shotlist/shotPlan";
import type { RunOptions } from "./runOptions";

const IMAGE_TYPES = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", bmp: "image/bmp" } as const;

/** A list's image cell: a URL, or a file next to the list. */
function resolveImage(listDir: string, reference: string): ImageRef | string {
  if (/^https?:\/\//i.test(reference)) return { url: reference };
  const file = path.resolve(listDir, reference);
  if (!existsSync(file)) return `image '${reference}' does not exist (looked for ${file})`;
  const mediaType = IMAGE_TYPES[path.extname(file).slice(1).toLowerCase() as keyof typeof IMAGE_TYPES];
  return mediaType ? { path: file, mediaType } : `image '${reference}' is not a PNG, JPEG, WebP or BMP file`;
}

function keyHint(provider: ProviderId): string {
  const names = describeProvider(provider).keyEnv;
  return `set ${names.join(" (or ") + (names.length > 1 ? ")" : "")}`;
}

/** The plan of a fresh run: one job per take, its cost, wall time and problems, checked against the caps. */
export async function planRun(input: {
  list: ShotList;
  listPath: string;
  options: RunOptions;
  registry: ProviderRegistry;
  /** The image routes, for shots with an image step. */
  imageRegistry: ImageProviderRegistry;
  spentToday: () => Promise<number>;
  now: number;
}): Promise<ShotPlan> {
  const { options, registry } = input;
  const override = options.provider || options.model ? { ...(options.provider ? { provider: options.provider } : {}), ...(options.model ? { model: options.model } : {}) } : undefined;
  return buildShotPlan(input.list, {
    check: (request) => registry.check(request),
    usable: await registry.usable(),
    checkImage: (request) => input.imageRegistry.check(request),
    imageUsable: await input.imageRegistry.usable(),
    ...(override ? { override } : {}),
    defaults: options.defaults,
    limits: options.limits,
    ...(options.simulator ? { jobSeconds: { simulator: (options.simulator.queueMs + options.simulator.runMs) / 1000 } } : {}),
    budget: {
      ...(options.budget !== undefined ? { runUsd: options.budget } : {}),
      ...(options.dailyCap !== undefined ? { dailyUsd: options.dailyCap, spentTodayUsd: await input.spentToday() } : {}),
    },
    now: input.now,
    resolveImage: (reference) => resolveImage(path.dirname(input.listPath), reference),
    keyHint,
  });
}
