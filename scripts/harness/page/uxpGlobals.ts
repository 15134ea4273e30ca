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

/** UXP's CommonJS: `require` knows only the host modules. */
export function defineCommonJs(modules: Record<string, unknown>): void {
  const scope = globalThis as Record<string, unknown>;
  scope.require = (name: string) => {
    if (name in modules) return modules[name];
    throw new Error(`Cannot find module '${name}': UXP provides ${Object.keys(modules).join(", ")} only.`);
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
