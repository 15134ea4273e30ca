import type { ServerResponse } from "node:http";
import type { FaultRule } from "./faults";
import type { FakeWorld } from "./fakeWorld";
import { progressOf } from "./fakeJobs";
import { parseJsonBody, sendJson, type FakeRequest } from "./httpUtil";

/**
 * `/_control`: what tests and the harness use to script scenarios across processes.
 *   GET    /_control/stats     creates per provider, request log, webhook deliveries
 *   GET    /_control/jobs      every job and its state
 *   POST   /_control/faults    a FaultRule or an array of them
 *   DELETE /_control/faults    forget every rule
 *   PATCH  /_control/config    timing, limits, account webhooks, webhook secrets
 *   POST   /_control/reset     jobs, faults, counters and logs back to empty
 */
export async function handleControl(world: FakeWorld, req: FakeRequest, res: ServerResponse): Promise<void> {
  const route = `${req.method} ${req.path}`;
  switch (route) {
    case "GET /stats":
      sendJson(res, 200, {
        creates: world.creates,
        requests: world.requests,
        webhooks: world.webhooks.deliveries.map(({ body: _body, ...rest }) => rest),
      });
      return;
    case "GET /jobs":
      sendJson(res, 200, {
        jobs: [...world.jobs.values()].map((job) => ({
          provider: job.provider,
          id: job.id,
          model: job.model,
          endpoint: job.endpoint,
          state: job.state,
          progress: progressOf(job, world.now()),
          prompt: job.prompt,
          clip: job.clip,
          ...(job.madeClip ? { madeClip: { status: job.madeClip.status, frames: job.madeClip.frames, ...(job.madeClip.reason ? { reason: job.madeClip.reason } : {}) } } : {}),
          webhookUrl: job.webhookUrl,
        })),
      });
      return;
    case "POST /faults": {
      const body = parseJsonBody(req);
      if (!body.ok) return sendJson(res, 400, { error: "body must be JSON" });
      const rules = (Array.isArray(body.value) ? body.value : [body.value]) as FaultRule[];
      if (rules.some((rule) => !rule || typeof rule !== "object" || !rule.fault || typeof rule.fault.type !== "string")) {
        return sendJson(res, 400, { error: "each rule needs a fault with a type" });
      }
      sendJson(res, 200, { ids: rules.map((rule) => world.faults.add(rule)) });
      return;
    }
    case "DELETE /faults":
      world.faults.clear();
      sendJson(res, 200, { ok: true });
      return;
    case "PATCH /config": {
      const body = parseJsonBody(req);
      if (!body.ok || !body.value || typeof body.value !== "object") return sendJson(res, 400, { error: "body must be a JSON object" });
      world.config = { ...world.config, ...(body.value as object) };
      sendJson(res, 200, { config: { ...world.config, replicateWebhookSecret: "(set)", klingWebhookSecrets: `${world.config.klingWebhookSecrets.length} set` } });
      return;
    }
    case "POST /reset":
      world.reset();
      sendJson(res, 200, { ok: true });
      return;
    default:
      sendJson(res, 404, { error: `no control route ${route}` });
  }
}
