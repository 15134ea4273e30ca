import { createReadStream, statSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A provider's CDN over loopback HTTP: serves clips by name, counts requests, and can hold
 * downloads until the test releases them (so a test knows which measurements are under way).
 */
export async function startClipServer(files: Record<string, string>) {
  const requests: string[] = [];
  const held: Array<{ name: string; send: () => void }> = [];
  let holding = false;
  const send = (res: ServerResponse, name: string) => {
    const file = files[name];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(statSync(file).size) });
    createReadStream(file).pipe(res);
  };
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0]!);
    requests.push(name);
    if (holding) held.push({ name, send: () => send(res, name) });
    else send(res, name);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (name: string) => `${origin}/${encodeURIComponent(name)}`,
    requests,
    /** Downloads wait from now on until released. */
    hold: () => {
      holding = true;
    },
    /** Sends the oldest waiting download; returns its name. */
    releaseOne: () => {
      const next = held.shift();
      next?.send();
      return next?.name;
    },
    releaseAll: () => {
      holding = false;
      for (const next of held.splice(0)) next.send();
    },
    waiting: () => held.map((entry) => entry.name),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
