import { PROVIDER_IDS, type ProviderId } from "../core/request";
import type { VideoProvider } from "../core/videoProvider";
import type { WebhookAcceptance } from "./client/protocol";
import { SECRET_ENV_NAMES, type RelayConfig, type SecretProvider } from "./config";

/**
 * Which providers' webhooks this relay accepts. Standard Webhooks signers (OpenAI, Replicate,
 * Gemini) are refused without a secret to verify them; Kling's come on per-job token URLs (a secret
 * only adds a check); fal's are checked against fal's public keys. Logged at start and served at
 * `GET /v1/webhooks`, so the CLI and the panel poll a refused provider at its normal pace.
 */
export function webhookAcceptance(providers: (id: ProviderId) => VideoProvider | undefined, secrets: RelayConfig["secrets"]): WebhookAcceptance[] {
  const list: WebhookAcceptance[] = [];
  for (const id of PROVIDER_IDS) {
    const webhook = providers(id)?.webhook;
    if (!webhook) continue;
    const needsSecret = webhook.scheme === "standard-webhooks";
    const configured = (secrets[id as SecretProvider]?.length ?? 0) > 0;
    if (needsSecret && !configured) {
      const variable = SECRET_ENV_NAMES[id as SecretProvider];
      list.push({ provider: id, accepted: false, reason: `the relay has no ${id} webhook secret to verify them (set secrets.${id} or ${variable ?? "its secret"})` });
    } else list.push({ provider: id, accepted: true });
  }
  return list;
}
