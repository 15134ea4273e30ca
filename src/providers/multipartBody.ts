import { utf8Encode } from "../core/text/utf8";

/**
 * multipart/form-data built by hand as bytes. UXP's FormData does not carry binary file parts
 * reliably, and its fetch takes a Uint8Array body everywhere, so the OpenAI adapter sends this.
 */

export type MultipartPart =
  | { name: string; value: string }
  | { name: string; fileName: string; contentType: string; bytes: Uint8Array };

export interface MultipartBody {
  body: Uint8Array;
  /** `multipart/form-data; boundary=...`, for the content-type header. */
  contentType: string;
}

/** Escapes a name the way browsers do (WHATWG HTML form encoding): quotes and line breaks. */
function quoteName(name: string): string {
  return name.replace(/\r\n|\r|\n/g, "%0D%0A").replace(/"/g, "%22");
}

function randomBoundary(): string {
  const bytes = new Uint8Array(16);
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?: (array: Uint8Array) => Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `----shotbin${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function buildMultipartBody(parts: readonly MultipartPart[], boundary: string = randomBoundary()): MultipartBody {
  const delimiter = utf8Encode(`--${boundary}`);
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    const isFile = "bytes" in part;
    const content = isFile ? part.bytes : utf8Encode(part.value);
    // A random 128-bit boundary practically never occurs, but a collision would corrupt the body.
    if (contains(content, delimiter)) throw new Error("multipart boundary occurs in a part; use another boundary");
    const disposition = isFile
      ? `form-data; name="${quoteName(part.name)}"; filename="${quoteName(part.fileName)}"`
      : `form-data; name="${quoteName(part.name)}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${isFile ? `Content-Type: ${part.contentType}\r\n` : ""}\r\n`;
    chunks.push(utf8Encode(head), content, utf8Encode("\r\n"));
  }
  chunks.push(utf8Encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
