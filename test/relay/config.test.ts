import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadRelayConfig, parseRelayConfig, RelayConfigError } from "../../src/relay/config";
import { tempDir, TOKENS } from "./support/relayHarness";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RelayConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a RelayConfigError");
}

describe("relay configuration", () => {
  it("starts from defaults that need no file: loopback port 8787, relay.sqlite, fal's public JWKS, /metrics off, rate limits on", () => {
    const config = loadRelayConfig({ env: {} });
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      accessLog: true,
      rateLimit: { perMinute: 1200, burst: 300, exempt: ["127.0.0.1", "::1", "::ffff:127.0.0.1"] },
      trustProxy: false,
      database: "relay.sqlite",
      users: [],
      secrets: {},
      falJwksUrl: "https://rest.fal.ai/.well-known/jwks.json",
      durability: "full",
      retention: { deliveredHours: 168, unmatchedHours: 168, callbackHours: 720 },
    });
  });

  it("layers file, then environment, then flags", () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, "relay.json");
      writeFileSync(
        file,
        JSON.stringify({
          port: 9000,
          database: "/var/lib/shotbin/relay.sqlite",
          users: [{ name: "ana", token: TOKENS.ana }],
          secrets: { replicate: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", openai: ["old-raw-secret", "new-raw-secret"] },
          retention: { deliveredHours: 24 },
        }),
      );
      const config = loadRelayConfig({
        file,
        env: {
          SHOTBIN_RELAY_PORT: "9100",
          SHOTBIN_RELAY_USERS: `ana=${TOKENS.ana}, ben=${TOKENS.ben}`,
          SHOTBIN_RELAY_KLING_WEBHOOK_SECRET: "whsec_a2xpbmdrbGluZ2tsaW5na2xpbmdrbGluZw== whsec_b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk",
          SHOTBIN_RELAY_PUBLIC_URL: "https://relay.studio.example",
        },
        flags: { port: "9200" },
      });
      expect(config.port).toBe(9200);
      expect(config.database).toBe("/var/lib/shotbin/relay.sqlite");
      expect(config.publicBaseUrl).toBe("https://relay.studio.example");
      expect(config.users.map((u) => u.name)).toEqual(["ana", "ben"]);
      expect(config.secrets.replicate).toEqual(["whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"]);
      expect(config.secrets.openai).toEqual(["old-raw-secret", "new-raw-secret"]);
      expect(config.secrets.kling).toHaveLength(2);
      expect(config.retention).toEqual({ deliveredHours: 24, unmatchedHours: 168, callbackHours: 720 });
    } finally {
      dir.remove();
    }
  });

  it("names every bad field and where it came from, without echoing secrets", () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, "relay.json");
      writeFileSync(
        file,
        JSON.stringify({
          users: [{ name: "ana", token: "short-secret-token" }, { name: "has space", token: TOKENS.ben }],
          secrets: { replicate: "whsec_not base64!", dashscope: "x" },
          retention: { deliveredHours: -1 },
          colour: "blue",
        }),
      );
      const problems = problemsOf(() =>
        loadRelayConfig({ file, env: { SHOTBIN_RELAY_PORT: "eighty", SHOTBIN_RELAY_PUBLIC_URL: "relay.example.com", SHOTBIN_RELAY_LOG_LEVEL: "loud" } }),
      );
      expect(problems).toEqual(
        expect.arrayContaining([
          "port (from SHOTBIN_RELAY_PORT): must be a number",
          "publicBaseUrl (from SHOTBIN_RELAY_PUBLIC_URL): must be an http(s) URL such as https://relay.example.com",
          "logLevel (from SHOTBIN_RELAY_LOG_LEVEL): must be one of fatal, error, warn, info, debug, trace, silent",
          `users[0].token (from ${file}): must be at least 24 characters; make one with \`openssl rand -base64 32\``,
          `users[1].name (from ${file}): must be 1-64 letters, digits or . _ @ -`,
          `secrets.replicate (from ${file}): a whsec_ secret must be base64 after the prefix`,
          `secrets (from ${file}): unknown field dashscope`,
          `retention.deliveredHours (from ${file}): must be more than 0`,
          "(config): unknown field colour",
        ]),
      );
      expect(problems.join("\n")).not.toContain("short-secret-token");
    } finally {
      dir.remove();
    }
  });

  it("refuses out-of-range ports, duplicate users and a user without a token", () => {
    expect(problemsOf(() => loadRelayConfig({ env: {}, flags: { port: "70000" } }))).toEqual(["port (from --port): must be from 0 to 65535"]);
    expect(problemsOf(() => loadRelayConfig({ env: { SHOTBIN_RELAY_USERS: "ana" } }))).toEqual(["users[0].token (from SHOTBIN_RELAY_USERS): must be a string"]);
    expect(
      problemsOf(() =>
        parseRelayConfig({
          users: [
            { name: "ana", token: TOKENS.ana },
            { name: "ana", token: TOKENS.ana },
          ],
        }),
      ),
    ).toEqual(["users[1].name: is used by another user", "users[1].token: is the same as another user's token"]);
  });

  it("takes the take-QA settings from the environment: a folder, how many at once, the download limit", () => {
    expect(loadRelayConfig({ env: {} })).toMatchObject({ qaConcurrency: 2, qaMaxDownloadMegabytes: 2048 });
    expect(loadRelayConfig({ env: {} }).qaFolder).toBeUndefined();
    expect(loadRelayConfig({ env: { SHOTBIN_RELAY_QA_FOLDER: "/srv/media", SHOTBIN_RELAY_QA_CONCURRENCY: "4", SHOTBIN_RELAY_QA_MAX_DOWNLOAD_MB: "512" } })).toMatchObject({
      qaFolder: "/srv/media",
      qaConcurrency: 4,
      qaMaxDownloadMegabytes: 512,
    });
    expect(problemsOf(() => loadRelayConfig({ env: { SHOTBIN_RELAY_QA_CONCURRENCY: "0" } }))).toEqual(["qaConcurrency (from SHOTBIN_RELAY_QA_CONCURRENCY): must be at least 1"]);
    expect(problemsOf(() => loadRelayConfig({ env: { SHOTBIN_RELAY_QA_CONCURRENCY: "two" } }))).toEqual(["qaConcurrency (from SHOTBIN_RELAY_QA_CONCURRENCY): must be a number"]);
  });

  it("reports an unreadable or malformed file by its path", () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, "broken.json");
      writeFileSync(file, "{ port: 1 ");
      expect(problemsOf(() => loadRelayConfig({ file }))[0]).toMatch(new RegExp(`^config file ${file} is not valid JSON`));
      expect(problemsOf(() => loadRelayConfig({ file: join(dir.path, "missing.json") }))).toEqual([`config file ${join(dir.path, "missing.json")} cannot be read (ENOENT)`]);
    } finally {
      dir.remove();
    }
  });
});
