import { createHash, randomBytes } from "node:crypto";

/** SHA-256 of a token, hex. Lookups go by hash, so comparing never leaks a token's prefix through timing. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** 256 random bits, URL-safe: a per-job callback token. */
export function mintCallbackToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Editor tokens from the configuration. A token sees only its own user's events. */
export class UserTokens {
  private readonly byHash = new Map<string, string>();

  constructor(users: readonly { name: string; token: string }[]) {
    for (const user of users) this.byHash.set(tokenHash(user.token), user.name);
  }

  /** The user a token belongs to, or undefined. */
  userFor(token: string | undefined): string | undefined {
    return token ? this.byHash.get(tokenHash(token)) : undefined;
  }

  /** The user behind an `Authorization: Bearer <token>` header. */
  userForHeader(header: string | undefined): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return this.userFor(match?.[1]);
  }

  get size(): number {
    return this.byHash.size;
  }
}
