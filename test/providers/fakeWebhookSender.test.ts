import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookSender, type OutgoingWebhook } from "../../src/fakes/webhookSender";

/** A receiver that does not answer body "A" before body "C" has arrived. */
async function startHoldingReceiver() {
  const arrivals: string[] = [];
  let heldAnswer: ServerResponse | undefined;
  let sawC = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      arrivals.push(body);
      if (body === "A" && !sawC) {
        heldAnswer = res;
        return;
      }
      res.writeHead(200).end();
      if (body === "C") {
        sawC = true;
        heldAnswer?.writeHead(200).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

it("delivers one job's webhooks in the order they were sent, without holding up another job's", async () => {
  const receiver = await startHoldingReceiver();
  const sender = new WebhookSender(Date.now);
  const webhook = (jobId: string, body: string): OutgoingWebhook => ({ provider: "replicate", jobId, url: receiver.url, body, sign: () => ({}) });
  try {
    void sender.send([webhook("job-1", "A")]);
    void sender.send([webhook("job-1", "B")]);
    void sender.send([webhook("job-2", "C")]);
    // If job-2 waited behind job-1, "A" would never be answered and this would not resolve.
    await sender.idle();
    expect(receiver.arrivals).toHaveLength(3);
    expect(receiver.arrivals[2]).toBe("B");
    const delivered = sender.deliveries.map((delivery) => [delivery.body, delivery.status, delivery.attempt]);
    expect(delivered).toHaveLength(3);
    expect(delivered[2]).toEqual(["B", 200, 1]);
    expect(delivered.slice(0, 2)).toEqual(expect.arrayContaining([["A", 200, 1], ["C", 200, 1]]));
  } finally {
    sender.stop();
    await receiver.close();
  }
});
