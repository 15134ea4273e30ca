import { readFileSync } from "node:fs";
import { z } from "../core/zodConfig";
import { FAL_JWKS_URL } from "../providers/falWebhookSignature";

/**
 * The relay's configuration: defaults, then a JSON file, then SHOTBIN_RELAY_* environment
 * variables, then command-line flags. Each layer replaces whole fields. Every bad field is reported
 * with its name and where it came from; values are never echoed, since many are secrets.
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const secretText = z
  .string({ error: "must be a string" })
  .min(1, "must not be empty")
  .refine((value) => !value.startsWith("whsec_") || /^[A-Za-z0-9+/]+={0,2}$/.test(value.slice(6)), "a whsec_ secret must be base64 after the prefix");

/** One secret, or several during a rotation. */
const secretList = z
  .union([secretText, z.array(secretText).min(1, "must list at least one secret")], { error: "must be a secret string or a list of them" })
  .transform((value) => (Array.isArray(value) ? value : [value]));

const hours = (fallback: number) => z.number({ error: "must be a number of hours" }).positive("must be more than 0").default(fallback);

const userSchema = z
  .object({
    name: z.string({ error: "must be a string" }).regex(/^[A-Za-z0-9._@-]{1,64}$/, "must be 1-64 letters, digits or . _ @ -"),
    token: z
      .string({ error: "must be a string" })
      .min(24, "must be at least 24 characters; make one with `openssl rand -base64 32`")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
  })
  .strict();

export const relayConfigSchema = z
  .object({
    port: z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be from 0 to 65535").max(65535, "must be from 0 to 65535").default(8787),
    /** Loopback unless configured: other machines (providers, editors) reach it through a proxy or `0.0.0.0`. */
    host: z.string({ error: "must be a string" }).min(1, "must not be empty").default("127.0.0.1"),
    database: z.string({ error: "must be a string" }).min(1, "must not be empty").default("relay.sqlite"),
    /** The address providers reach the relay at; per-job callback URLs are built from it. */
    publicBaseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://relay.example.com" }).optional(),
    users: z.array(userSchema, { error: "must be a list of {name, token}" }).default([]),
    secrets: z
      .object({ openai: secretList.optional(), replicate: secretList.optional(), kling: secretList.optional(), gemini: secretList.optional() }, { error: "must be an object" })
      .strict()
      .default({}),
    falJwksUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).default(FAL_JWKS_URL),
    retention: z
      .object(
        {
          /** Events a panel has acknowledged are kept this long, then pruned. */
          deliveredHours: hours(168),
          /** Webhooks for jobs nobody registered, and the delivery ids kept for deduplication. */
          unmatchedHours: hours(168),
          /** Per-job callback tokens (Kling keeps results 30 days). */
          callbackHours: hours(720),
        },
        { error: "must be an object" },
      )
      .strict()
      .default({ deliveredHours: 168, unmatchedHours: 168, callbackHours: 720 }),
    heartbeatSeconds: z.number({ error: "must be a number of seconds" }).min(0.05, "must be at least 0.05").max(300, "must be at most 300").default(15),
    /** `full` fsyncs each commit (survives power loss); `normal` survives a process crash only. */
    durability: z.enum(["full", "normal"], { error: "must be full or normal" }).default("full"),
    logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
    /** One line per request (method, route, status, duration, sizes, source address), at info level. */
    accessLog: z.boolean({ error: "must be true or false" }).default(true),
    /** `/metrics` answers only `Authorization: Bearer <metricsToken>`; without one it is off. */
    metricsToken: z
      .string({ error: "must be a string" })
      .min(24, "must be at least 24 characters; make one with `openssl rand -base64 32`")
      .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
      .optional(),
    /** Requests per source address: a token bucket of `burst` requests, refilled at `perMinute`. */
    rateLimit: z
      .object(
        {
          perMinute: z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 (off) or more").default(1200),
          burst: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").default(300),
          /** Addresses never limited: loopback, so a proxy on this machine or a local tool is not throttled. */
          exempt: z.array(z.string({ error: "must be a string" }), { error: "must be a list of addresses" }).default(["127.0.0.1", "::1", "::ffff:127.0.0.1"]),
        },
        { error: "must be an object" },
      )
      .strict()
      .default({ perMinute: 1200, burst: 300, exempt: ["127.0.0.1", "::1", "::ffff:127.0.0.1"] }),
    /**
     * Behind a reverse proxy: which proxies' X-Forwarded-For to believe, so rate limits and the
     * access log see the real source (fastify's trustProxy: true, an address/CIDR, or a list).
     */
    trustProxy: z
      .union([z.boolean(), z.string().min(1), z.array(z.string().min(1))], { error: "must be true, false, an address or CIDR, or a list of them" })
      .default(false),
    /** Take QA of files under this folder (`POST /v1/qa {file}`), only while the relay listens on loopback. */
    qaFolder: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
    /** Take QA measurements at once; more wait in order. */
    qaConcurrency: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(16, "must be at most 16").default(2),
    /** The largest result take QA downloads. */
    qaMaxDownloadMegabytes: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").default(2048),
  }, { error: "must be a JSON object" })
  .strict()
  .superRefine((config, context) => {
    const names = new Set<string>();
    const tokens = new Set<string>();
    config.users.forEach((user, index) => {
      if (names.has(user.name)) context.addIssue({ code: "custom", path: ["users", index, "name"], message: "is used by another user" });
      if (tokens.has(user.token)) context.addIssue({ code: "custom", path: ["users", index, "token"], message: "is the same as another user's token" });
      names.add(user.name);
      tokens.add(user.token);
    });
  });

export type RelayConfig = z.output<typeof relayConfigSchema>;
export type RelayConfigInput = z.input<typeof relayConfigSchema>;
export type SecretProvider = keyof RelayConfig["secrets"];

export class RelayConfigError extends Error {
  override readonly name = "RelayConfigError";
  constructor(
    readonly problems: string[],
    /** The config file itself is missing, unreadable or not JSON (bad input, not a bad setting). */
    readonly fileUnreadable = false,
  ) {
    super(`relay configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

export interface RelayConfigSources {
  /** Path of a JSON config file, read when given. */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Values from command-line flags, already named as config fields. */
  flags?: Partial<Record<"port" | "host" | "database" | "publicBaseUrl", string>>;
}

export const ENV_NAMES = {
  port: "SHOTBIN_RELAY_PORT",
  host: "SHOTBIN_RELAY_HOST",
  database: "SHOTBIN_RELAY_DB",
  publicBaseUrl: "SHOTBIN_RELAY_PUBLIC_URL",
  users: "SHOTBIN_RELAY_USERS",
  falJwksUrl: "SHOTBIN_RELAY_FAL_JWKS_URL",
  heartbeatSeconds: "SHOTBIN_RELAY_HEARTBEAT_SECONDS",
  durability: "SHOTBIN_RELAY_DURABILITY",
  logLevel: "SHOTBIN_RELAY_LOG_LEVEL",
  accessLog: "SHOTBIN_RELAY_ACCESS_LOG",
  metricsToken: "SHOTBIN_RELAY_METRICS_TOKEN",
  rateLimitPerMinute: "SHOTBIN_RELAY_RATE_LIMIT_PER_MINUTE",
  rateLimitBurst: "SHOTBIN_RELAY_RATE_LIMIT_BURST",
  trustProxy: "SHOTBIN_RELAY_TRUST_PROXY",
  qaFolder: "SHOTBIN_RELAY_QA_FOLDER",
  qaConcurrency: "SHOTBIN_RELAY_QA_CONCURRENCY",
  qaMaxDownloadMegabytes: "SHOTBIN_RELAY_QA_MAX_DOWNLOAD_MB",
  config: "SHOTBIN_RELAY_CONFIG",
} as const;

export const SECRET_ENV_NAMES: Record<SecretProvider, string> = {
  openai: "SHOTBIN_RELAY_OPENAI_WEBHOOK_SECRET",
  replicate: "SHOTBIN_RELAY_REPLICATE_WEBHOOK_SECRET",
  kling: "SHOTBIN_RELAY_KLING_WEBHOOK_SECRET",
  gemini: "SHOTBIN_RELAY_GEMINI_WEBHOOK_SECRET",
};

const FLAG_NAMES: Record<string, string> = { port: "--port", host: "--host", database: "--db", publicBaseUrl: "--public-url" };
const NUMERIC_FIELDS = new Set(["port", "heartbeatSeconds", "qaConcurrency", "qaMaxDownloadMegabytes"]);

/** Numbers from text stay text when they are not numbers, so the schema reports them by name. */
function fromText(field: string, text: string): unknown {
  if (NUMERIC_FIELDS.has(field) && /^\s*-?\d+(\.\d+)?\s*$/.test(text)) return Number(text);
  return text;
}

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;

/** `true`/`false`/`1`/`0`; anything else stays text, so the schema names the variable. */
function booleanFromText(text: string): unknown {
  const value = text.trim().toLowerCase();
  return value === "true" || value === "1" ? true : value === "false" || value === "0" ? false : text;
}

/** `ana=token1, ben=token2` (commas or whitespace between users). */
function parseUsersVariable(text: string): unknown {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf("=");
      return at < 0 ? { name: entry } : { name: entry.slice(0, at), token: entry.slice(at + 1) };
    });
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new RelayConfigError([`config file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`], true);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RelayConfigError([`config file ${path} is not valid JSON (${(error as Error).message})`], true);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RelayConfigError([`config file ${path} must hold a JSON object`], true);
  return value as Record<string, unknown>;
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const part of path) name += typeof part === "number" ? `[${part}]` : `${name ? "." : ""}${String(part)}`;
  return name || "(config)";
}

/** Validates an already merged configuration object; `sourceOf` names where a top-level field came from. */
export function parseRelayConfig(raw: unknown, sourceOf: (field: string) => string | undefined = () => undefined): RelayConfig {
  const result = relayConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const top = issue.path[0] === undefined ? undefined : String(issue.path[0]);
    const source = top === undefined ? undefined : top === "secrets" ? sourceOf(`secrets.${String(issue.path[1] ?? "")}`) ?? sourceOf("secrets") : sourceOf(top);
    const message = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message;
    return `${fieldName(issue.path)}${source ? ` (from ${source})` : ""}: ${message}`;
  });
  throw new RelayConfigError(problems);
}

/** Merges the layers and validates them. Throws RelayConfigError listing every bad field. */
export function loadRelayConfig(sources: RelayConfigSources = {}): RelayConfig {
  const env = sources.env ?? {};
  const merged: Record<string, unknown> = {};
  const origin = new Map<string, string>();
  const set = (field: string, value: unknown, source: string) => {
    merged[field] = value;
    origin.set(field, source);
  };

  const file = sources.file ?? env[ENV_NAMES.config];
  if (file) {
    for (const [field, value] of Object.entries(readConfigFile(file))) {
      set(field, value, file);
      if (field === "secrets" && typeof value === "object" && value !== null) for (const name of Object.keys(value)) origin.set(`secrets.${name}`, file);
    }
  }

  for (const field of ["port", "host", "database", "publicBaseUrl", "falJwksUrl", "heartbeatSeconds", "durability", "logLevel", "metricsToken", "qaFolder", "qaConcurrency", "qaMaxDownloadMegabytes"] as const) {
    const text = env[ENV_NAMES[field]];
    if (text !== undefined && text !== "") set(field, fromText(field, text), ENV_NAMES[field]);
  }
  const accessLog = env[ENV_NAMES.accessLog];
  if (accessLog !== undefined && accessLog !== "") set("accessLog", booleanFromText(accessLog), ENV_NAMES.accessLog);
  const trustProxy = env[ENV_NAMES.trustProxy];
  if (trustProxy !== undefined && trustProxy !== "") {
    const flag = booleanFromText(trustProxy);
    set("trustProxy", typeof flag === "boolean" ? flag : trustProxy.split(/[\s,]+/).filter(Boolean), ENV_NAMES.trustProxy);
  }
  for (const [key, name] of [["perMinute", ENV_NAMES.rateLimitPerMinute], ["burst", ENV_NAMES.rateLimitBurst]] as const) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    const limits = typeof merged.rateLimit === "object" && merged.rateLimit !== null ? { ...(merged.rateLimit as Record<string, unknown>) } : {};
    limits[key] = NUMBER_TEXT.test(text) ? Number(text) : text;
    set("rateLimit", limits, name);
  }
  const usersText = env[ENV_NAMES.users];
  if (usersText !== undefined && usersText !== "") set("users", parseUsersVariable(usersText), ENV_NAMES.users);
  for (const [provider, name] of Object.entries(SECRET_ENV_NAMES)) {
    const text = env[name];
    if (text === undefined || text === "") continue;
    const secrets = typeof merged.secrets === "object" && merged.secrets !== null ? { ...(merged.secrets as Record<string, unknown>) } : {};
    secrets[provider] = text.split(/[\s,]+/).filter(Boolean);
    merged.secrets = secrets;
    origin.set(`secrets.${provider}`, name);
  }

  for (const [field, text] of Object.entries(sources.flags ?? {})) {
    if (text !== undefined) set(field, fromText(field, text), FLAG_NAMES[field] ?? field);
  }

  return parseRelayConfig(merged, (field) => origin.get(field));
}

/** What the relay may log about its configuration: shape and counts, never a secret or token. */
export function describeConfig(config: RelayConfig) {
  return {
    port: config.port,
    host: config.host,
    database: config.database,
    publicBaseUrl: config.publicBaseUrl,
    users: config.users.map((user) => user.name),
    webhookSecrets: Object.fromEntries(Object.entries(config.secrets).map(([provider, list]) => [provider, `${list?.length ?? 0} configured`])),
    falJwksUrl: config.falJwksUrl,
    retention: config.retention,
    heartbeatSeconds: config.heartbeatSeconds,
    durability: config.durability,
    accessLog: config.accessLog,
    metrics: config.metricsToken ? "token required" : "off (no metricsToken)",
    rateLimit: config.rateLimit,
    trustProxy: config.trustProxy,
    qa: { folder: config.qaFolder ?? "(none: jobs only)", concurrency: config.qaConcurrency, maxDownloadMegabytes: config.qaMaxDownloadMegabytes },
  };
}
