/**
 * `npm start`: the real panel bundle in a browser, against the fake Premiere, with the fake
 * provider servers and a relay with its SQLite database, all on loopback. One web server serves
 * the page, the panel bundle (dist/), a small file API for the stand-in `fs`, and same-origin
 * routes to the fakes (`/fake`) and the relay (`/relay`, WebSockets included).
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Writable } from "node:stream";
import { KEY_NAMES } from "../providers/adapterContext";
import { parseRelayConfig } from "../relay/config";
import { startRelay, type RunningRelay } from "../relay/startRelay";
import { DEFAULT_CONFIG, FAKE_KEYS, type FakeConfig } from "../fakes/fakeWorld";
import { startFakeProviders, type RunningFakeProviders } from "../fakes/server";
import { DIST, ensureHarnessBundle, ensurePanelBundle, HARNESS_BUNDLE, ROOT } from "./bundles";
import { HarnessFileApi, type HarnessFolders } from "./fileApi";
import { serveFrameRender } from "./frameRenderApi";
import { harnessPageHtml } from "./harnessPage";
import { proxyHttp, proxyUpgrade, targetOf } from "./proxy";

export interface HarnessOptions {
  port?: number;
  host?: string;
  /** The harness's folder (ledger, media, relay database). A new temporary one when absent. */
  dir?: string;
  /** Empties `dir` first. */
  fresh?: boolean;
  /** Job timings and limits of the fake providers. */
  fakeConfig?: Partial<FakeConfig>;
  log?: (line: string) => void;
  /** Build dist/ and the page when out of date (default). Tests that built once pass false, so an edit elsewhere mid-run does not rebuild. */
  build?: boolean;
}

/** What the page reads from `/api/harness`: where things are, and the fake keys its toggle stores. */
export interface HarnessInfo {
  fakeOrigin: string;
  relayUrl: string;
  relayToken: string;
  fakeKeys: Record<string, string>;
  folders: { root: string; media: string; images: string; lists: string; data: string; temp: string; plugin: string };
}

export interface RunningHarness {
  url: string;
  info: HarnessInfo;
  folders: HarnessFolders & { media: string; images: string; lists: string };
  fake: RunningFakeProviders;
  relay: RunningRelay;
  close(): Promise<void>;
}

const SAMPLE_IMAGE = path.join(ROOT, "src/harness/page/sample-frame.png");
/** The bundled example shot lists, which the harness's file picker offers for a shot list. */
const EXAMPLE_LISTS = path.join(ROOT, "assets/examples");

function harnessFolders(dir: string) {
  const root = path.resolve(dir);
  const folders = {
    root,
    plugin: DIST,
    data: path.join(root, "plugin-data"),
    temp: path.join(root, "plugin-temp"),
    media: path.join(root, "media"),
    images: path.join(root, "images"),
    lists: path.join(root, "shot-lists"),
  };
  for (const folder of [folders.data, folders.temp, folders.media, folders.images, folders.lists]) mkdirSync(folder, { recursive: true });
  if (existsSync(SAMPLE_IMAGE) && !existsSync(path.join(folders.images, "first-frame.png"))) copyFileSync(SAMPLE_IMAGE, path.join(folders.images, "first-frame.png"));
  for (const name of existsSync(EXAMPLE_LISTS) ? readdirSync(EXAMPLE_LISTS) : []) {
    if (!existsSync(path.join(folders.lists, name))) copyFileSync(path.join(EXAMPLE_LISTS, name), path.join(folders.lists, name));
  }
  return folders;
}

function sendText(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

const CONTENT_TYPES: Record<string, string> = { ".js": "text/javascript", ".html": "text/html", ".json": "application/json", ".png": "image/png", ".mp4": "video/mp4", ".txt": "text/plain" };

export async function startHarness(options: HarnessOptions = {}): Promise<RunningHarness> {
  const log = options.log ?? (() => undefined);
  if (options.build !== false) {
    await ensurePanelBundle({ log });
    await ensureHarnessBundle({ log });
  }

  const ownsDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "shotbin-harness-"));
  if (options.fresh && options.dir) rmSync(options.dir, { recursive: true, force: true });
  const folders = harnessFolders(dir);
  const files = new HarnessFileApi(folders);

  const fake = await startFakeProviders({ config: { queueMs: 1500, runMs: 6000, ...options.fakeConfig } });
  const fakeDirect = fake.origin;

  // Kept in the harness folder, so a panel that saved it keeps working after a restart.
  const tokenFile = path.join(folders.root, "relay-token.txt");
  const token = existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : randomBytes(24).toString("base64url");
  writeFileSync(tokenFile, token);
  const accountSecret = (n: number) => `whsec_${Buffer.alloc(32, n).toString("base64")}`;
  const secrets = { openai: accountSecret(11), gemini: accountSecret(12) };
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const relay = await startRelay({
    config: parseRelayConfig({
      port: 0,
      host: "127.0.0.1",
      database: path.join(folders.root, "relay.sqlite"),
      users: [{ name: "editor", token }],
      secrets: { replicate: DEFAULT_CONFIG.replicateWebhookSecret, openai: secrets.openai, gemini: secrets.gemini },
      falJwksUrl: `${fakeDirect}/fal/rest/.well-known/jwks.json`,
      durability: "normal",
      logLevel: "warn",
      // Take QA of the takes the panel downloads: on loopback, the media folder is the QA folder.
      qaFolder: folders.media,
    }),
    logDestination: quiet,
  });
  fake.world.config = {
    ...fake.world.config,
    accountWebhooks: {
      openai: { url: `${relay.url}/hooks/openai`, secrets: [secrets.openai] },
      gemini: { url: `${relay.url}/hooks/gemini`, secrets: [secrets.gemini] },
    },
  };

  // Assigned once every server listens; the request handler below reads it on each request.
  // eslint-disable-next-line prefer-const
  let info: HarnessInfo | undefined;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, "text/plain", `harness: ${error instanceof Error ? error.stack : String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://harness");
    const route = url.pathname;
    if (route === "/" || route === "/index.html") return sendText(res, 200, "text/html", harnessPageHtml());
    if (route === "/favicon.ico") return sendText(res, 204, "image/x-icon", "");
    if (route === "/harness.js") return sendText(res, 200, "text/javascript", readFileSync(HARNESS_BUNDLE));
    if (route === "/api/harness") return sendText(res, 200, "application/json", JSON.stringify(info));
    if (route.startsWith("/fake/")) return proxyHttp(req, res, targetOf(fakeDirect), `${route.slice("/fake".length)}${url.search}`);
    if (route.startsWith("/relay/")) return proxyHttp(req, res, targetOf(relay.url), `${route.slice("/relay".length)}${url.search}`);
    if (await serveFrameRender(req, res, route, files)) return;
    if (await files.serve(req, res, url)) return;
    if (route.startsWith("/plugin/")) {
      const target = path.resolve(DIST, `.${path.posix.normalize(route.slice("/plugin".length))}`);
      if (!target.startsWith(DIST) || !existsSync(target)) return sendText(res, 404, "text/plain", `No ${route} in dist/`);
      return sendText(res, 200, CONTENT_TYPES[path.extname(target)] ?? "application/octet-stream", readFileSync(target));
    }
    sendText(res, 404, "text/plain", `No harness route ${route}`);
  }

  server.on("upgrade", (req, socket, head) => {
    const route = req.url ?? "/";
    if (route.startsWith("/relay/")) proxyUpgrade(req, socket, head, targetOf(relay.url), route.slice("/relay".length));
    else socket.destroy();
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  // Absolute URLs in the fakes' answers (status URLs, CDN links) point back through this origin.
  fake.world.origin = `${origin}/fake`;

  info = {
    fakeOrigin: `${origin}/fake`,
    relayUrl: `${origin}/relay`,
    relayToken: token,
    fakeKeys: {
      [KEY_NAMES.gemini]: FAKE_KEYS.gemini,
      [KEY_NAMES.kling]: FAKE_KEYS.kling,
      [KEY_NAMES.dashscope]: FAKE_KEYS.dashscope,
      [KEY_NAMES.fal]: FAKE_KEYS.fal,
      [KEY_NAMES.replicate]: FAKE_KEYS.replicate,
      [KEY_NAMES.openai]: FAKE_KEYS.openai,
    },
    folders: { root: folders.root, media: folders.media, images: folders.images, lists: folders.lists, data: folders.data, temp: folders.temp, plugin: DIST },
  };

  return {
    url: origin,
    info,
    folders,
    fake,
    relay,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await files.closeAll();
      await relay.close();
      await fake.close();
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
