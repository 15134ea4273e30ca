import type { UxpEntry, UxpModule, UxpPanelHooks } from "../../../src/panel/uxp/uxpModule";

export interface UxpStub extends UxpModule {
  setupCalls: Record<string, UxpPanelHooks>[];
  secrets: Map<string, Uint8Array>;
  /** What the folder picker answers next (null: the user cancels). */
  folderAnswer: string | null;
  fileAnswer: { path: string; bytes: Uint8Array } | null;
  /** Paths handed to shell.openPath. */
  opened: string[];
  /** What shell.openPath answers: "" for success, or the OS's refusal. */
  openAnswer: string;
  /** What getTemporaryFolder answers (UXP may empty it). */
  temporaryFolder: string;
}

function entry(nativePath: string, isFolder: boolean): UxpEntry {
  return { name: nativePath.split("/").pop() ?? nativePath, nativePath, isFile: !isFolder, isFolder };
}

/** The `uxp` module as the panel uses it, in memory: secureStorage answers bytes, as UXP does. */
export function uxpStub(): UxpStub {
  const stub: UxpStub = {
    setupCalls: [],
    secrets: new Map(),
    folderAnswer: "/media",
    fileAnswer: null,
    opened: [],
    openAnswer: "",
    temporaryFolder: "/plugin-temp",
    entrypoints: {
      setup(config) {
        if (stub.setupCalls.length) throw new Error("setup called twice");
        stub.setupCalls.push(config.panels);
      },
    },
    storage: {
      formats: { utf8: "utf8", binary: "binary" },
      secureStorage: {
        getItem: async (key) => stub.secrets.get(key) ?? null,
        setItem: async (key, value) => {
          stub.secrets.set(key, typeof value === "string" ? new Uint8Array(Buffer.from(value, "utf8")) : new Uint8Array(value as ArrayBuffer));
        },
        removeItem: async (key) => {
          stub.secrets.delete(key);
        },
      },
      localFileSystem: {
        getFolder: async () => (stub.folderAnswer === null ? null : entry(stub.folderAnswer, true)),
        getFileForOpening: async () =>
          stub.fileAnswer === null
            ? null
            : {
                ...entry(stub.fileAnswer.path, false),
                read: async () => stub.fileAnswer!.bytes.slice().buffer,
              },
        createPersistentToken: async (target) => `token:${target.nativePath}`,
        getEntryForPersistentToken: async (token) => entry(token.replace(/^token:/, ""), true),
        getTemporaryFolder: async () => entry(stub.temporaryFolder, true),
      },
    },
    shell: {
      openPath: async (target) => {
        stub.opened.push(target);
        return stub.openAnswer;
      },
    },
  };
  return stub;
}

export function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    key: (index: number) => [...map.keys()][index] ?? null,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, String(value)),
    removeItem: (key: string) => void map.delete(key),
  };
}
