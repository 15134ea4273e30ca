import { allowedDurations, type ModelSpec } from "../core/modelSpec";
import { formatUsd } from "../core/pricing";
import { allModels } from "../providers/catalog";
import { PROVIDER_DESCRIPTIONS } from "../providers/providerDescriptions";
import { parseCommandLine, usageFailure, UsageError } from "./commandLine";
import type { Subcommand } from "./subcommand";

function priceText(model: ModelSpec): string {
  const parts = model.price.rates.map((rate) => {
    const scope = [rate.resolutions?.join("/"), rate.audio === undefined ? undefined : rate.audio ? "audio" : "silent"]
      .filter(Boolean)
      .join(" ");
    return `${formatUsd(rate.usdPerSecond)}/s${scope ? ` ${scope}` : ""}`;
  });
  return `${parts.join(", ")}${model.price.confirmed ? "" : " (unconfirmed)"}`;
}

function capabilityText(model: ModelSpec): string {
  const caps = model.capabilities;
  const inputs = [
    caps.firstFrame !== "none" ? `first frame${caps.firstFrame === "required" ? " (required)" : ""}` : undefined,
    caps.lastFrame !== "none" ? "last frame" : undefined,
    caps.maxReferenceImages > 0 ? `${caps.maxReferenceImages} reference images` : undefined,
  ].filter(Boolean);
  return [
    `durations ${allowedDurations(caps.durations)} s`,
    `aspect ${caps.aspectRatios.length > 0 ? caps.aspectRatios.join(" ") : "from first frame"}`,
    `resolution ${caps.resolutions.join(" ")}`,
    `audio ${caps.audio}`,
    `seed ${caps.seed}`,
    `negative prompt ${caps.negativePrompt}`,
    inputs.length > 0 ? `images: ${inputs.join(", ")}` : "text only",
  ].join("; ");
}

export const providersCommand: Subcommand = {
  async run(args) {
    let values;
    try {
      const parsed = parseCommandLine(args, { json: { type: "boolean" } });
      if (parsed.positionals.length > 0) throw new UsageError(`takes no arguments (found '${parsed.positionals[0]}')`);
      values = parsed.values;
    } catch (error) {
      if (error instanceof UsageError) return usageFailure("providers", error);
      throw error;
    }
    if (values.help) {
      process.stdout.write("Usage: shotbin providers [--json]\n");
      return 0;
    }
    const models = allModels();
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ providers: PROVIDER_DESCRIPTIONS, models }, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    for (const provider of PROVIDER_DESCRIPTIONS) {
      lines.push(`${provider.displayName} [${provider.id}]${provider.enabledByDefault ? "" : " (off by default)"}`);
      lines.push(`  ${provider.summary}`);
      lines.push(`  key: ${provider.keyHelp}${provider.links ? `; get one at ${provider.links.keys}` : ""}`);
      // Citations come only from the providers' table of links, the one Settings opens too.
      if (provider.links) lines.push(`  pricing: ${provider.links.pricing}`, `  docs: ${provider.links.docs}`);
      for (const model of models.filter((m) => m.provider === provider.id)) {
        lines.push(`  - ${model.id}: ${model.displayName}`);
        lines.push(`      ${capabilityText(model)}`);
        lines.push(`      price: ${priceText(model)}; ${model.price.source}, ${model.price.asOf}`);
        for (const note of model.notes ?? []) lines.push(`      note: ${note}`);
      }
      lines.push("");
    }
    process.stdout.write(lines.join("\n"));
    return 0;
  },
};
