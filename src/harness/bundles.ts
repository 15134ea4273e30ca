/**
 * Builds what the harness serves, only when it is missing or older than its sources: the panel
 * bundle in dist/ (webpack.config.js, the same bundle UXP loads) and the harness page's own
 * bundle. A lock directory keeps two processes (jest workers, say) from building at once.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Configuration, Stats } from "webpack";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const PANEL_BUNDLE = path.join(DIST, "index.js");
/** What index.js loads with `require("./panel.js")` after the first paint: everything but React and the starting shell. */
export const PANEL_DEFERRED_BUNDLE = path.join(DIST, "panel.js");
const CACHE = path.join(ROOT, "node_modules", ".cache", "shotbin-harness");
export const HARNESS_BUNDLE = path.join(CACHE, "harness.js");
const LOCK = path.join(CACHE, "build.lock");
const LOCK_STALE_MS = 5 * 60_000;

const PANEL_SOURCES = ["plugin", "src", "manifest.json", "package.json", "webpack.config.js", "webpack", "assets/clips", "assets/diagnostics", "tsconfig.build.json"];
const HARNESS_SOURCES = ["src/harness/page", "src", "tsconfig.build.json"];
const PANEL_OUTPUTS = ["index.js", "panel.js", "index.html", "manifest.json", "assets/clips", "assets/diagnostics"];

function newestMtime(entries: string[]): number {
  let newest = 0;
  const visit = (file: string) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(file)) visit(path.join(file, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  entries.forEach((entry) => visit(path.join(ROOT, entry)));
  return newest;
}

function isFresh(output: string, sources: string[]): boolean {
  const stat = statSync(output, { throwIfNoEntry: false });
  return !!stat && stat.mtimeMs >= newestMtime(sources);
}

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const stat = statSync(LOCK, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() - started > LOCK_STALE_MS) throw new Error(`Another build holds ${LOCK}; remove it if no build is running.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function compile(config: Configuration): Promise<void> {
  const webpack = require("webpack") as typeof import("webpack");
  return new Promise((resolve, reject) => {
    webpack(config, (error?: Error | null, stats?: Stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) {
        const messages = stats.toJson({ all: false, errors: true }).errors?.map((e) => e.message) ?? [];
        return reject(new Error(`webpack failed:\n${messages.join("\n\n")}`));
      }
      resolve();
    });
  });
}

export interface BuildReport {
  built: boolean;
  ms: number;
}

/** dist/ as `npm run build` makes it, rebuilt when a source is newer than the bundle. */
export async function ensurePanelBundle(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<BuildReport> {
  const fresh = () => PANEL_OUTPUTS.every((output) => existsSync(path.join(DIST, output))) && isFresh(PANEL_BUNDLE, PANEL_SOURCES);
  if (!options.force && fresh()) return { built: false, ms: 0 };
  return withBuildLock(async () => {
    if (!options.force && fresh()) return { built: false, ms: 0 };
    const start = Date.now();
    options.log?.("Building the panel bundle (webpack, production)…");
    const makeConfig = require(path.join(ROOT, "webpack.config.js")) as (env: unknown, argv: { mode: string }) => Configuration;
    await compile(makeConfig(undefined, { mode: "production" }));
    return { built: true, ms: Date.now() - start };
  });
}

/** The harness page's script: stand-ins for `uxp`, `fs` and the Spectrum widgets, the fake Premiere, the project view. */
export async function ensureHarnessBundle(options: { log?: (line: string) => void } = {}): Promise<BuildReport> {
  if (isFresh(HARNESS_BUNDLE, HARNESS_SOURCES)) return { built: false, ms: 0 };
  return withBuildLock(async () => {
    if (isFresh(HARNESS_BUNDLE, HARNESS_SOURCES)) return { built: false, ms: 0 };
    const start = Date.now();
    options.log?.("Building the harness page…");
    await compile({
      mode: "development",
      devtool: false,
      target: "web",
      context: ROOT,
      entry: path.join(ROOT, "src/harness/page/harnessMain.ts"),
      output: { path: CACHE, filename: "harness.js" },
      resolve: { extensions: [".tsx", ".ts", ".js"] },
      module: {
        rules: [
          {
            test: /\.tsx?$/,
            loader: "ts-loader",
            exclude: /node_modules/,
            options: { transpileOnly: true, configFile: path.join(ROOT, "tsconfig.build.json") },
          },
        ],
      },
      performance: { hints: false },
    });
    return { built: true, ms: Date.now() - start };
  });
}
