import { createHmac, timingSafeEqual } from "node:crypto";
import { FAKE_KEYS } from "./fakeWorld";

/** Kling's authentication refusals: HTTP 401 with codes 1000 to 1004 (error-code page). */
export interface KlingAuthRefusal {
  code: 1000 | 1001 | 1002 | 1003 | 1004;
  message: string;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks an AccessKey/SecretKey JWT as Kling's authentication page describes it: HS256 over
 * `header.payload` with the SecretKey, `iss` the AccessKey, `nbf` and `exp` in Unix seconds.
 */
export function verifyKlingJwt(token: string, nowMs: number): KlingAuthRefusal | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return { code: 1002, message: "Authorization is invalid" };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload || header.alg !== "HS256") return { code: 1002, message: "Authorization is invalid" };
  const expected = createHmac("sha256", FAKE_KEYS.klingSecretKey).update(`${headerPart}.${payloadPart}`).digest();
  const offered = Buffer.from(signaturePart, "base64url");
  if (offered.length !== expected.length || !timingSafeEqual(offered, expected)) return { code: 1002, message: "Authorization is invalid" };
  if (payload.iss !== FAKE_KEYS.klingAccessKey) return { code: 1002, message: "Authorization is invalid" };
  const now = Math.floor(nowMs / 1000);
  if (typeof payload.nbf === "number" && payload.nbf > now) return { code: 1003, message: "Authorization is not yet valid" };
  if (typeof payload.exp !== "number" || payload.exp <= now) return { code: 1004, message: "Authorization has expired" };
  return undefined;
}

export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

/**
 * API keys work on both generations; the AK/SK JWT only on the legacy `model_name` paths. That a
 * JWT is refused with 1002 on the model-in-path API is UNCONFIRMED (the docs only say it is not
 * accepted there).
 */
export function checkKlingAuth(token: string | undefined, legacy: boolean, nowMs: number): KlingAuthRefusal | undefined {
  if (!token) return { code: 1001, message: "Authorization is empty" };
  if (token === FAKE_KEYS.kling) return undefined;
  if (looksLikeJwt(token)) {
    if (!legacy) return { code: 1002, message: "Authorization is invalid: this API accepts API keys only" };
    return verifyKlingJwt(token, nowMs);
  }
  return { code: 1000, message: "Authentication failed" };
}
