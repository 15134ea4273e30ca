import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "../../core/zodConfig";
import { PROVIDER_IDS } from "../../core/request";
import { MAX_LONG_POLL_SECONDS } from "../panelApiRoutes";
import { authenticateUser, invalid } from "../panelApiRoutes";
import { QA_PATH, type QaAnswer } from "../client/qaProtocol";
import type { UserTokens } from "../userTokens";
import { resolveFile, resolveJob, type FolderPolicy, type QaRefusal, type ResolvedSubject } from "./qaSources";
import type { QaService } from "./qaService";
import type { QaStore } from "./qaStore";

const waitField = z.number({ error: "must be a number of seconds" }).min(0, "must be 0 or more").max(MAX_LONG_POLL_SECONDS, `must be at most ${MAX_LONG_POLL_SECONDS}`).optional();
const qaBody = z.union(
  [
    z.object({ provider: z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(", ")}` }), jobId: z.string().min(1).max(512), wait: waitField }).strict(),
    z.object({ file: z.string().min(1, "must not be empty").max(4096), wait: waitField }).strict(),
  ],
  { error: "must be {provider, jobId} or {file}, with an optional wait in seconds" },
);
const keyQuery = z.object({
  wait: z.coerce.number({ error: "must be a number of seconds" }).min(0, "must be 0 or more").max(MAX_LONG_POLL_SECONDS, `must be at most ${MAX_LONG_POLL_SECONDS}`).default(0),
});

export interface QaRouteDeps {
  users: UserTokens;
  store: QaStore;
  service: QaService;
  folder: FolderPolicy;
  /** Throws FfmpegNotFoundError when the relay's machine has no ffmpeg. */
  checkPrograms: () => void;
}

/** The HTTP status of an answer: 200 done, 202 under way, 422/502/500 failed. */
function statusOf(answer: QaAnswer): number {
  if (answer.state === "done") return 200;
  if (answer.state !== "failed") return 202;
  if (answer.error === "not-a-video" || answer.error === "unreadable-video" || answer.error === "too-large") return 422;
  if (answer.error === "download-failed") return 502;
  if (answer.error === "cancelled") return 503;
  return 500;
}

function refuse(reply: FastifyReply, refusal: QaRefusal) {
  return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
}

/** `POST /v1/qa` and `GET /v1/qa/:key`: take QA for the panel, which cannot run ffmpeg. */
export async function qaRoutes(scope: FastifyInstance, deps: QaRouteDeps): Promise<void> {
  const { service } = deps;

  scope.post(QA_PATH, async (request, reply) => {
    const user = authenticateUser(deps.users, request, reply);
    if (!user) return reply;
    const body = qaBody.safeParse(request.body);
    if (!body.success) return invalid(reply, body.error);
    const resolved: ResolvedSubject | QaRefusal =
      "file" in body.data ? await resolveFile(deps.folder, body.data.file) : resolveJob(deps.store, user, body.data.provider, body.data.jobId);
    if ("status" in resolved) return refuse(reply, resolved);
    try {
      deps.checkPrograms();
    } catch (error) {
      return reply.code(503).send({ error: "no-ffmpeg", message: `take QA is off on this relay: ${error instanceof Error ? error.message : String(error)}` });
    }
    let answer = service.request(resolved);
    if (body.data.wait) {
      await waitFor(resolved.key, body.data.wait, reply);
      answer = service.answer(resolved.key, user) ?? answer;
    }
    return reply.code(statusOf(answer)).send(answer);
  });

  scope.get(`${QA_PATH}/:key`, async (request, reply) => {
    const user = authenticateUser(deps.users, request, reply);
    if (!user) return reply;
    const query = keyQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    const { key } = request.params as { key: string };
    let answer = service.answer(key, user);
    if (!answer) return reply.code(404).send({ error: "unknown-key", message: "no take QA has this key for you; ask with POST /v1/qa" });
    if (query.data.wait > 0 && (answer.state === "queued" || answer.state === "measuring")) {
      await waitFor(key, query.data.wait, reply);
      answer = service.answer(key, user) ?? answer;
    }
    return reply.code(statusOf(answer)).send(answer);
  });

  /** Waits for the report, or until the client goes away. */
  async function waitFor(key: string, seconds: number, reply: FastifyReply): Promise<void> {
    const gone = new AbortController();
    const onClose = () => gone.abort();
    reply.raw.on("close", onClose);
    try {
      await service.wait(key, seconds * 1000, gone.signal);
    } finally {
      reply.raw.off("close", onClose);
    }
  }
}
