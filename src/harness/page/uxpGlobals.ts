/**
 * Makes the page as poor as UXP before the panel bundle loads: the globals UXP lacks are removed,
 * so code that leans on them fails here, in the browser tests, rather than first in Premiere.
 * Then `require`, `module` and `exports` are defined the way UXP's CommonJS loader offers them.
 */

export const REMOVED_GLOBALS = ["TextDecoder", "TextEncoder", "EventSource", "crypto.subtle"] as const;

export function removeGlobalsUxpLacks(): string[] {
  const scope = globalThis as Record<string, unknown>;
  for (const name of ["TextDecoder", "TextEncoder", "EventSource"]) delete scope[name];
  const cryptoPrototype = (globalThis as { Crypto?: { prototype: object } }).Crypto?.prototype;
  if (cryptoPrototype) delete (cryptoPrototype as Record<string, unknown>).subtle;
  const left = REMOVED_GLOBALS.filter((name) => (name === "crypto.subtle" ? globalThis.crypto?.subtle !== undefined : name in scope));
  if (left.length) throw new Error(`The harness could not remove ${left.join(", ")}`);
  return [...REMOVED_GLOBALS];
}

/**
 * UXP's CommonJS: `require` knows the host modules, and loads a plugin file by a path relative to
 * the requiring file (index.js sits at the plugin's root, served here under `pluginBase`), once.
 * UXP reads that file synchronously; a synchronous request is the browser's nearest equivalent.
 */
export function defineCommonJs(modules: Record<string, unknown>, pluginBase: string): void {
  const scope = globalThis as Record<string, unknown>;
  const files = new Map<string, unknown>();
  const loadPluginFile = (name: string): unknown => {
    const url = new URL(name, new URL(pluginBase, location.href)).href;
    if (!files.has(url)) {
      const request = new XMLHttpRequest();
      request.open("GET", url, false);
      request.send();
      if (request.status !== 200) throw new Error(`Cannot find module '${name}' (${url} answered ${request.status}).`);
      const module = { exports: {} as unknown };
      // The harness page allows code generation; the panel's own files never use it (test/panel/bundle.test.ts).
      const run = new Function("module", "exports", "require", `${request.responseText}\n//# sourceURL=${url}`) as (m: typeof module, e: unknown, r: unknown) => void;
      run(module, module.exports, scope.require);
      files.set(url, module.exports);
    }
    return files.get(url);
  };
  scope.require = (name: string) => {
    if (name in modules) return modules[name];
    if (name.startsWith("./")) return loadPluginFile(name);
    throw new Error(`Cannot find module '${name}': UXP provides ${Object.keys(modules).join(", ")} and the plugin's own files only.`);
  };
  const module = { exports: {} };
  scope.module = module;
  scope.exports = module.exports;
}

export function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.body.appendChild(script);
  });
}
