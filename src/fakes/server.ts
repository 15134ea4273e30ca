import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { handleCdn, CDN_BUCKETS } from "./clipServing";
import { handleControl } from "./control";
import { createDashscopeFake } from "./dashscopeFake";
import { createFalFake } from "./falFake";
import { createGeminiFake } from "./geminiFake";
import { createImageFakes } from "./imageFakes";
import { createKlingFake } from "./klingFake";
import { createOpenaiFake } from "./openaiFake";
import { createReplicateFake } from "./replicateFake";
import { FakeWorld, type FakeConfig } from "./fakeWorld";
import { readBody, sendJson, sendText, type FakeRequest } from "./httpUtil";
import type { FakeProvider } from "./providerRoute";

export interface FakeProvidersOptions {
  port?: number;
  host?: string;
  assetsDir?: string;
  config?: Partial<FakeConfig>;
}

export interface RunningFakeProviders {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  world: FakeWorld;
  providers: FakeProvider[];
  close(): Promise<void>;
}

const DEFAULT_ASSETS = join(__dirname, "..", "..", "assets");

function routeTable(providers: FakeProvider[]) {
  const table: { prefix: string; host: string; provider: string }[] = [];
  for (const provider of providers) {
    for (const prefix of provider.prefixes) table.push({ prefix, host: provider.hosts[prefix] ?? "", provider: provider.name });
  }
  for (const [bucket, host] of Object.entries(CDN_BUCKETS)) table.push({ prefix: `/cdn/${bucket}`, host, provider: "cdn" });
  return table.sort((a, b) => b.prefix.length - a.prefix.length);
}

/**
 * One HTTP server on loopback that stands in for every provider. Each real host maps to a path
 * prefix, so an adapter's (or an official SDK's) base URL is just `origin + prefix`.
 */
export async function startFakeProviders(options: FakeProvidersOptions = {}): Promise<RunningFakeProviders> {
  const world = new FakeWorld(options.assetsDir ?? DEFAULT_ASSETS, options.config);
  const providers = [
    createOpenaiFake(world),
    createGeminiFake(world),
    createKlingFake(world),
    createDashscopeFake(world),
    createFalFake(world),
    createReplicateFake(world),
    ...createImageFakes(world),
  ];
  const routes = routeTable(providers);

  const server: Server = createServer((raw, res: ServerResponse) => {
    void (async () => {
      const url = new URL(raw.url ?? "/", "http://fake");
      const rawBody = await readBody(raw);
      const base = { method: raw.method ?? "GET", query: url.searchParams, headers: raw.headers, rawBody, raw };
      const pathname = url.pathname;
      if (pathname === "/" && base.method === "GET") {
        sendJson(res, 200, { name: "shotbin fake providers", origin: world.origin, prefixes: routes });
        return;
      }
      if (pathname.startsWith("/_control")) {
        await handleControl(world, { ...base, path: pathname.slice("/_control".length) || "/" }, res);
        return;
      }
      if (pathname.startsWith("/cdn/")) {
        handleCdn(world, { ...base, path: pathname.slice("/cdn".length) }, res);
        return;
      }
      const route = routes.find((entry) => pathname === entry.prefix || pathname.startsWith(`${entry.prefix}/`));
      const request: FakeRequest | undefined = route && { ...base, path: pathname.slice(route.prefix.length) || "/" };
      // Fakes sharing a prefix (image routes beside video ones): a claiming fake first, else the default one.
      const sharing = route ? providers.filter((candidate) => candidate.prefixes.includes(route.prefix)) : [];
      const provider = sharing.find((candidate) => candidate.claims?.(route!.prefix, request!)) ?? sharing.find((candidate) => !candidate.claims);
      if (!route || !request || !provider) {
        sendText(res, 404, `No fake provider at ${pathname}. GET / lists the prefixes.`);
        return;
      }
      await provider.handle(route.prefix, request, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `fake provider crashed: ${error instanceof Error ? error.stack : String(error)}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  world.origin = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  world.start();

  return {
    origin: world.origin,
    world,
    providers,
    close: async () => {
      world.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
