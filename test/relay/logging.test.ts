import WebSocket from "ws";
import { collectingClient, postJson, registerJob, SECRETS, startTestRelay, TOKENS, waitUntil } from "./support/relayHarness";
import { sendWebhook, standardWebhook, startFalSigner } from "./support/signedWebhooks";

describe("relay logs", () => {
  it("never contain user tokens, callback tokens, webhook secrets or signatures, even at trace level", async () => {
    const fal = await startFalSigner();
    const harness = await startTestRelay({ falJwksUrl: fal.jwksUrl, logLevel: "trace" });
    try {
      const { relay } = harness;
      const panel = collectingClient(relay.url, TOKENS.ana);
      await panel.client.start();
      await panel.waitForState("live");
      await registerJob(relay, TOKENS.ana, "fal", "log-1");
      const signed = fal.webhook("log-1");
      await sendWebhook(`${relay.url}/hooks/fal`, signed);
      await sendWebhook(`${relay.url}/hooks/fal`, { ...signed, body: signed.body.replace("OK", "ERROR") });
      await panel.waitForEvents(1);
      await panel.client.stop();

      const grant = await postJson(`${relay.url}/v1/callbacks`, { provider: "fal" }, TOKENS.ben);
      await sendWebhook(grant.body.url.replace("https://relay.example.test", relay.url), fal.webhook("log-2"));
      await sendWebhook(`${relay.url}/hooks/fal/${grant.body.token}x`, fal.webhook("log-2"));
      const foreign = standardWebhook(SECRETS.replicate, "msg_1", { id: "p1" });
      await sendWebhook(`${relay.url}/hooks/fal`, foreign);

      const wrong = new WebSocket(`${relay.url.replace("http", "ws")}/v1/stream`);
      await new Promise((resolve) => wrong.once("open", resolve));
      wrong.send(JSON.stringify({ type: "auth", token: "stolen-looking-token-123456789" }));
      await new Promise((resolve) => wrong.once("close", resolve));

      // Anything passed to the logger by mistake is redacted as well.
      relay.logger.info({ token: TOKENS.ben, headers: { authorization: `Bearer ${TOKENS.ben}`, "webhook-signature": foreign.headers["webhook-signature"] }, config: { users: [{ name: "ben", token: TOKENS.ben }], secrets: SECRETS } }, "a careless line");
      await waitUntil(() => harness.logs.text().includes("a careless line"), 2000, () => "log line");

      const text = harness.logs.text();
      expect(text).toContain("webhook refused");
      expect(text).toContain('"path":"/hooks/fal/[token]"');
      expect(text).toContain("[redacted]");
      const secrets = [
        TOKENS.ana,
        TOKENS.ben,
        "stolen-looking-token-123456789",
        grant.body.token,
        ...Object.values(SECRETS),
        ...Object.values(SECRETS).map((secret) => secret.slice("whsec_".length)),
        signed.headers["x-fal-webhook-signature"]!,
        foreign.headers["webhook-signature"]!,
      ];
      for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    } finally {
      await harness.close();
      await fal.close();
    }
  });
});
