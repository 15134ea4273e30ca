import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha256";
import { bytesToBase64Url, textToBase64Url } from "../core/text/base64";
import { utf8Encode } from "../core/text/utf8";

/** How long a minted token is valid, as Kling's authentication page recommends (30 minutes). */
export const KLING_JWT_LIFETIME_SECONDS = 1800;

/**
 * The HS256 JWT Kling's legacy `model_name` API accepts instead of an API key: header
 * `{"alg":"HS256","typ":"JWT"}`, payload `{iss: AccessKey, exp: now+1800, nbf: now-5}`, signed with
 * the SecretKey. The 5 s of `nbf` slack absorbs small clock differences; a clock that is far off
 * gets 1003/1004 back from Kling.
 */
export function mintKlingJwt(accessKey: string, secretKey: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const header = textToBase64Url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = textToBase64Url(JSON.stringify({ iss: accessKey, exp: now + KLING_JWT_LIFETIME_SECONDS, nbf: now - 5 }));
  const signature = bytesToBase64Url(hmac(sha256, utf8Encode(secretKey), utf8Encode(`${header}.${payload}`)));
  return `${header}.${payload}.${signature}`;
}
