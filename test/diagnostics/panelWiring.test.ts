/**
 * The Diagnostics tab passes the panel's own platform (typed `PanelPlatform`: UXP's `uxp`, `fs`,
 * `premierepro`, fetch, WebSocket, clock) straight into the self-check. `selfCheckDepsFor` below is
 * that wiring, compiled against the panel's types by `npm run typecheck`, and run here over a
 * platform whose modules are the Node stand-ins.
 */
import type { PremiereHost } from "../../src/host/premiereHost";
import type { SelfCheckDeps, SelfCheckOs } from "../../src/diagnostics/selfCheckDeps";
import { runSelfCheck } from "../../src/diagnostics/runSelfCheck";
import type { PanelPlatform } from "../../src/panel/platform/panelPlatform";
import type { UxpModule, UxpPanelFs } from "../../src/panel/uxp/uxpModule";
import { selfCheckWorld } from "./support/selfCheckWorld";

/** What the tab does: everything comes from the platform, the runtime's host, Settings and package.json. */
function selfCheckDepsFor(
  platform: PanelPlatform,
  host: PremiereHost,
  relay: { url: string; token?: string } | null,
  os: SelfCheckOs | null,
  testClips: SelfCheckDeps["testClips"],
): SelfCheckDeps {
  return {
    ppro: platform.ppro,
    host,
    uxp: platform.uxp,
    fs: platform.fs,
    fetch: platform.fetch,
    webSocket: platform.webSocket,
    relay,
    clock: platform.clock,
    shotbinVersion: "0.1.0",
    os,
    testClips,
  };
}

it("runs from the panel's platform types with every check passing", async () => {
  const world = selfCheckWorld();
  try {
    const { deps } = world;
    const unused = async () => {
      throw new Error("not used by the self-check");
    };
    const uxp: UxpModule = {
      entrypoints: { setup: () => undefined },
      host: { name: "premierepro", version: "26.3.0" },
      versions: { uxp: "8.3.0", plugin: "0.1.0" },
      storage: {
        secureStorage: world.secure,
        formats: { utf8: "utf8", binary: "binary" },
        // The panel's type leaves getTemporaryFolder out; UXP's object has it, and so does this one.
        localFileSystem: Object.assign(
          { getFolder: unused, getFileForOpening: unused, createPersistentToken: unused, getEntryForPersistentToken: unused },
          { getTemporaryFolder: async () => ({ nativePath: world.scratch }) },
        ),
      },
    };
    const platform: PanelPlatform = {
      uxp,
      fs: deps.fs as UxpPanelFs,
      ppro: deps.ppro,
      storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
      fetch: deps.fetch,
      webSocket: deps.webSocket,
      clock: deps.clock,
    };
    const report = await runSelfCheck(selfCheckDepsFor(platform, world.host, null, deps.os ?? null, deps.testClips), {
      waitMs: 1000,
      onProgress: (p) => {
        if (p.type === "waiting-for-user") world.fake.select([world.editorBin]);
      },
    });
    expect(report.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(report.summary.skipped).toBe(2);
    expect(report.scratch.folder).toBe("temporary");
  } finally {
    world.remove();
  }
});
