/**
 * The built panel bundle (dist/index.js, what UXP loads) run in a Node `vm` sandbox shaped like
 * UXP: CommonJS `require` for `uxp`, `fs` and `premierepro` only, code generation from strings
 * switched off, and TextDecoder, TextEncoder, EventSource and crypto.subtle present only as traps
 * that record any touch.
 */
import { randomUUID, webcrypto } from "node:crypto";
import { readFileSync } from "node:fs";
import * as vm from "node:vm";
import { ensurePanelBundle, PANEL_BUNDLE, PANEL_DEFERRED_BUNDLE } from "../../src/harness/bundles";
import { createFakePremiere } from "../../src/host/fake/createFakePremiere";
import { InMemoryMediaStore } from "../../src/host/fake/fakeMediaStore";
import type { UxpPanelHooks } from "../../src/panel/uxp/uxpModule";
import { MemoryUxpFs } from "./support/memoryUxpFs";
import { MiniDocument, MiniElement } from "./support/miniDom";
import { memoryStorage, uxpStub } from "./support/uxpStub";

jest.setTimeout(180_000);

beforeAll(async () => {
  await ensurePanelBundle();
});

function uxpSandbox() {
  const touched: string[] = [];
  const requires: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const intervals = new Set<ReturnType<typeof setInterval>>();
  const document = new MiniDocument();
  const uxp = uxpStub();
  const fs = new MemoryUxpFs();
  const premiere = createFakePremiere({ media: new InMemoryMediaStore() });
  premiere.openProject({ name: "Sandbox" });
  premiere.addSequence({ name: "Edit", fps: 25 });
  const modules: Record<string, unknown> = { uxp, fs, premierepro: premiere.ppro };
  const global: Record<string, unknown> = {
    console: { log: () => undefined, info: () => undefined, warn: () => undefined, error: (...args: unknown[]) => touched.push(`console.error: ${args.join(" ")}`), debug: () => undefined },
    setTimeout: (fn: () => void, ms?: number) => {
      const id = setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      timers.add(id);
      return id;
    },
    clearTimeout: (id: ReturnType<typeof setTimeout>) => {
      timers.delete(id);
      clearTimeout(id);
    },
    setInterval: (fn: () => void, ms?: number) => {
      const id = setInterval(fn, ms);
      intervals.add(id);
      return id;
    },
    clearInterval: (id: ReturnType<typeof setInterval>) => {
      intervals.delete(id);
      clearInterval(id);
    },
    queueMicrotask,
    // UXP has these (premiere-uxp.md §3.1); the adapters build URLs and abort requests with them.
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
    document,
    navigator: { userAgent: "UXP sandbox" },
    performance: { now: () => performance.now(), mark: () => undefined, getEntriesByName: () => [] },
    localStorage: memoryStorage(),
    fetch: async () => {
      throw new TypeError("Failed to fetch");
    },
    WebSocket: class {
      constructor() {
        throw new Error("no network in the sandbox");
      }
    },
    HTMLIFrameElement: class {},
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    crypto: {
      randomUUID,
      getRandomValues: <T extends ArrayBufferView>(array: T) => webcrypto.getRandomValues(array as never),
      get subtle() {
        touched.push("crypto.subtle");
        return undefined;
      },
    },
    module: { exports: {} },
    // UXP's require: the host modules, or a plugin file by a path relative to the requiring file (all in dist/ here).
    require: (name: string) => {
      requires.push(name);
      if (name in modules) return modules[name];
      if (name === "./panel.js") return (modules[name] = runCommonJs(readFileSync(PANEL_DEFERRED_BUNDLE, "utf8"), "dist/panel.js"));
      throw new Error(`Cannot find module '${name}'`);
    },
  };
  const runCommonJs = (code: string, filename: string): unknown => {
    const module = { exports: {} as unknown };
    const wrapper = vm.runInContext(`(function (module, exports, require) {${code}\n})`, context, { filename }) as (m: typeof module, e: unknown, r: unknown) => void;
    wrapper(module, module.exports, global.require);
    return module.exports;
  };
  for (const name of ["TextDecoder", "TextEncoder", "EventSource"]) {
    Object.defineProperty(global, name, {
      get() {
        touched.push(name);
        return undefined;
      },
      configurable: true,
    });
  }
  global.window = global;
  global.self = global;
  document.defaultView = global;
  const context = vm.createContext(global, { codeGeneration: { strings: false, wasm: false } });
  return {
    context,
    document,
    uxp,
    touched,
    requires,
    stop() {
      timers.forEach((id) => clearTimeout(id));
      intervals.forEach((id) => clearInterval(id));
    },
  };
}

async function waitFor(check: () => boolean, what: () => string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the built panel bundle", () => {
  it("is two files, neither with eval or the Function constructor", () => {
    for (const file of [PANEL_BUNDLE, PANEL_DEFERRED_BUNDLE]) {
      const code = readFileSync(file, "utf8");
      expect(code.length).toBeGreaterThan(50_000);
      expect(code.match(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/g) ?? []).toEqual([]);
    }
  });

  it("is a sandbox that refuses code generation, as UXP does, and notices a touch of what UXP lacks", () => {
    const sandbox = uxpSandbox();
    expect(() => vm.runInContext("new Function('return 1')()", sandbox.context)).toThrow(/Code generation from strings disallowed/);
    expect(() => vm.runInContext("eval('1')", sandbox.context)).toThrow(/Code generation from strings disallowed/);
    vm.runInContext("typeof TextDecoder; crypto.subtle", sandbox.context);
    expect(sandbox.touched).toEqual(["TextDecoder", "crypto.subtle"]);
    sandbox.stop();
  });

  it("calls entrypoints.setup once and mounts the panel without touching what UXP lacks", async () => {
    const sandbox = uxpSandbox();
    try {
      vm.runInContext(readFileSync(PANEL_BUNDLE, "utf8"), sandbox.context, { filename: "dist/index.js" });
      expect(sandbox.uxp.setupCalls).toHaveLength(1);
      const hooks = sandbox.uxp.setupCalls[0]!.shotbinPanel as UxpPanelHooks;
      expect(typeof hooks.create).toBe("function");
      expect(typeof hooks.show).toBe("function");

      const rootNode = sandbox.document.createElement("div");
      sandbox.document.body.appendChild(rootNode);
      await hooks.create!(rootNode as unknown as HTMLElement);
      await hooks.show!(rootNode as unknown as HTMLElement);
      await waitFor(
        () => rootNode.textContent.includes("Prompt") && rootNode.textContent.includes("Simulator (offline, free)"),
        () => `the Generate tab; the panel shows "${rootNode.textContent.slice(0, 300)}"`,
      );

      const panels = rootNode.descendants().filter((element) => element.getAttribute("data-testid") === "panel");
      expect(panels).toHaveLength(1);
      const tabs = rootNode.descendants().filter((element) => (element.getAttribute("data-testid") ?? "").startsWith("tab-"));
      expect(tabs.map((tab) => tab.textContent)).toEqual(["Generate", "Frames", "Shot list", "Jobs", "Review", "Settings", "Diagnostics"]);
      expect(rootNode.descendants().some((element) => element.localName === "sp-dropdown")).toBe(true);
      expect(sandbox.document.head.childNodes.some((node) => node instanceof MiniElement && node.localName === "style")).toBe(true);
      // panel.js comes in through require, after the starting shell was painted.
      expect(sandbox.requires.sort()).toEqual(["./panel.js", "fs", "premierepro", "uxp"]);
      expect(sandbox.touched).toEqual([]);
    } finally {
      sandbox.stop();
    }
  });
});
