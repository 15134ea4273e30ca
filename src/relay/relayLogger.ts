import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The relay's pino logger. Secrets and tokens are kept out twice: the relay never passes them to
 * the logger on purpose, and these redaction paths catch anything that slips through anyway.
 */
export const REDACTED_PATHS = [
  "token",
  "*.token",
  "secret",
  "*.secret",
  "secrets",
  "*.secrets",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  'headers["webhook-signature"]',
  '*.headers["webhook-signature"]',
  'headers["x-fal-webhook-signature"]',
  '*.headers["x-fal-webhook-signature"]',
  "users[*].token",
  "*.users[*].token",
  "metricsToken",
  "*.metricsToken",
];

export function createRelayLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "shotbin-relay" },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** `/hooks/kling/<token>` → `/hooks/kling/[token]`: the per-job token is as secret as a password. */
export function redactHookPath(url: string): string {
  const path = url.split("?")[0] ?? "";
  const match = /^\/hooks\/([^/]+)\/[^/]+/.exec(path);
  return match ? `/hooks/${match[1]}/[token]` : path;
}
