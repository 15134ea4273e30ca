import { base64, hex } from "@scure/base";
import { utf8Decode, utf8Encode } from "./utf8";

/** Base64 and hex without Buffer, atob or btoa, so the same code runs in UXP and Node. */
export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

export function base64ToBytes(text: string): Uint8Array {
  return base64.decode(text.trim());
}

export function base64UrlToBytes(text: string): Uint8Array {
  const normal = text.replace(/-/g, "+").replace(/_/g, "/");
  return base64.decode(normal + "=".repeat((4 - (normal.length % 4)) % 4));
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  return base64.encode(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function textToBase64Url(text: string): string {
  return bytesToBase64Url(utf8Encode(text));
}

export function base64UrlToText(text: string): string {
  return utf8Decode(base64UrlToBytes(text));
}

export function bytesToHex(bytes: Uint8Array): string {
  return hex.encode(bytes);
}

export function hexToBytes(text: string): Uint8Array {
  return hex.decode(text.toLowerCase());
}
