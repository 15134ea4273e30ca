import { builtinModules } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support/cliProcess";

/**
 * A production install (`npm ci --omit=dev`) has only `dependencies`. Every package the compiled
 * CLI requires (the relay and the fakes included) must be one of them; what is bundled into the
 * panel or used by tests and builds only must not be. The list comes from esbuild's own record of
 * each lib/cli file's imports (lib/build-info.json, written by `npm run build:cli`), and the CI
 * step .ci/production-install runs the commands from such an install.
 */
interface BuildInfo {
  outputs: Record<string, { packages: string[] }>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const info = JSON.parse(readFileSync(join(ROOT, "lib", "build-info.json"), "utf8")) as BuildInfo;

/** `@noble/hashes/sha256` → `@noble/hashes`; node: and bare built-ins are not packages. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith("node:") || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * `shotbin start` is the development harness: it builds the panel from src/ with webpack, so it
 * runs from a clone with development dependencies, and says so in a production install.
 */
const DEVELOPMENT_ONLY: Record<string, string[]> = { "lib/cli/startCommand.js": ["webpack"] };

describe("the compiled CLI's packages", () => {
  it("covers every command in main.ts's table", () => {
    expect(Object.keys(info.outputs).sort()).toEqual(expect.arrayContaining(["lib/cli/main.js", "lib/cli/runCommand.js", "lib/cli/relayCommand.js", "lib/cli/fakeProvidersCommand.js", "lib/cli/embedCommand.js"]));
  });

  it.each(Object.keys(info.outputs))("%s requires only packages in dependencies", (output) => {
    const packages = [...new Set(info.outputs[output]!.packages.map(packageName).filter((name): name is string => !!name))];
    const missing = packages.filter((name) => !pkg.dependencies[name] && !(DEVELOPMENT_ONLY[output] ?? []).includes(name));
    expect({ output, missing }).toEqual({ output, missing: [] });
  });

  it("main.js, which --help runs, requires no package at all", () => {
    expect(info.outputs["lib/cli/main.js"]!.packages.filter((name) => packageName(name))).toEqual([]);
  });

  it("keeps what the panel bundles, and test or build tools, out of dependencies", () => {
    for (const name of ["react", "react-dom", "zustand", "tsx", "esbuild", "webpack", "typescript", "jest"]) {
      expect({ name, dependency: name in pkg.dependencies, devDependency: name in pkg.devDependencies }).toEqual({ name, dependency: false, devDependency: true });
    }
  });

  it("lists no dependency that nothing at run time requires", () => {
    const used = new Set(Object.values(info.outputs).flatMap((output) => output.packages.map(packageName)));
    expect(Object.keys(pkg.dependencies).filter((name) => !used.has(name))).toEqual([]);
  });
});
