/**
 * A browser stand-in for UXP's `require("uxp")`, the slice the panel uses: entrypoints, the
 * local file system (pickers answer with the harness's folders and, like UXP's, only with a file
 * of the types the panel asked for; tokens are paths; the temporary folder is the harness's
 * plugin-temp), secureStorage
 * kept in this browser's localStorage (answering bytes, as UXP does), and shell.openPath and
 * shell.openExternal (logged).
 */
import { base64ToBytes, bytesToBase64 } from "../../core/text/base64";
import { utf8Encode } from "../../core/text/utf8";
import type { UxpEntry, UxpFile, UxpModule, UxpPanelHooks } from "../../panel/uxp/uxpModule";
import type { HarnessFs } from "./fsStandIn";

export interface UxpStandInOptions {
  fs: HarnessFs;
  /** What the folder picker answers: the harness's media folder. */
  mediaFolder: string;
  /** Where the file picker looks for images. */
  imagesFolder: string;
  /** Where the file picker looks for shot lists: the bundled examples are copied there. */
  listsFolder: string;
  /** Shows the picker when no answer is queued; resolves with a name from `names`, or null for Cancel. */
  choose(title: string, names: readonly string[]): Promise<string | null>;
  /** What `getTemporaryFolder` answers: the harness's plugin-temp folder, as a native path. */
  tempFolder: string;
  log(line: string): void;
  /** Called by entrypoints.setup with the panel hooks, as UXP does on load. */
  onSetup(panels: Record<string, UxpPanelHooks>): void;
}

const SECURE_PREFIX = "harness.secureStorage.";
const TOKEN_PREFIX = "harness-token:";
const FORMATS = { utf8: "utf8-format", binary: "binary-format" };
const IMAGE_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff"];

function entry(nativePath: string, isFolder: boolean): UxpEntry {
  return { name: nativePath.split(/[\\/]/).pop() ?? nativePath, nativePath, isFile: !isFolder, isFolder };
}

export function createUxpStandIn(options: UxpStandInOptions): UxpModule & { pickerQueue: string[] } {
  let setupCalled = false;
  const pickerQueue: string[] = [];

  function file(nativePath: string): UxpFile {
    return {
      ...entry(nativePath, false),
      async read(readOptions) {
        if (readOptions?.format === FORMATS.binary) {
          const response = await fetch(`/api/fs/raw?path=${encodeURIComponent(nativePath)}`);
          if (!response.ok) throw new Error(`Could not read ${nativePath}`);
          return response.arrayBuffer();
        }
        return options.fs.readFile(nativePath, { encoding: "utf-8" });
      },
    };
  }

  return {
    pickerQueue,
    entrypoints: {
      setup(config) {
        if (setupCalled) throw new Error("entrypoints.setup may only be called once (UXP refuses a second call).");
        setupCalled = true;
        options.onSetup(config.panels);
      },
    },
    storage: {
      formats: FORMATS,
      localFileSystem: {
        async getFolder() {
          options.log(`folder picker → ${options.mediaFolder}`);
          return entry(options.mediaFolder, true);
        },
        async getFileForOpening(request) {
          const types = (request?.types ?? []).map((type) => type.replace(/^\./, "").toLowerCase());
          const accepts = (name: string) => types.length === 0 || types.includes(name.split(".").pop()?.toLowerCase() ?? "");
          // Images come from the images folder; anything else (shot lists) from the folder of bundled examples.
          const folder = types.some((type) => IMAGE_TYPES.includes(type)) ? options.imagesFolder : options.listsFolder;
          const queued = pickerQueue.shift();
          let name: string | null;
          if (queued !== undefined) {
            // UXP's picker shows only the types asked for: a file of another type is never handed over.
            if (!accepts(queued)) {
              const refusal = `The harness's file picker was given ${queued}, but the panel asked for ${types.join(", ")}; a picker never hands that over.`;
              options.log(`file picker: ${refusal}`);
              throw new Error(refusal);
            }
            name = queued;
          } else {
            const names = (await options.fs.list(folder)).filter(accepts);
            name = types.some((type) => IMAGE_TYPES.includes(type)) ? (names[0] ?? null) : await options.choose(`Open (${types.join(", ")})`, names);
          }
          if (!name) return null;
          const nativePath = name.startsWith("/") ? name : `${folder}/${name}`;
          options.log(`file picker → ${nativePath}`);
          return file(nativePath);
        },
        async createPersistentToken(target) {
          return `${TOKEN_PREFIX}${target.nativePath}`;
        },
        async getEntryForPersistentToken(token) {
          if (!token.startsWith(TOKEN_PREFIX)) throw new Error("Unknown persistent token.");
          const nativePath = token.slice(TOKEN_PREFIX.length);
          const stat = (await options.fs.lstat(nativePath)) as { isDirectory?: boolean };
          return entry(nativePath, stat.isDirectory === true);
        },
        async getEntryWithUrl(url) {
          return entry(decodeURIComponent(url.replace(/^file:\/\//, "")), false);
        },
        getFsUrl(target) {
          return `/api/fs/raw?path=${encodeURIComponent(target.nativePath)}`;
        },
        async getTemporaryFolder() {
          return entry(options.tempFolder, true);
        },
      },
      secureStorage: {
        async getItem(key) {
          const stored = localStorage.getItem(SECURE_PREFIX + key);
          return stored === null ? null : base64ToBytes(stored);
        },
        async setItem(key, value) {
          const bytes = typeof value === "string" ? utf8Encode(value) : value instanceof Uint8Array ? value : new Uint8Array(value);
          localStorage.setItem(SECURE_PREFIX + key, bytesToBase64(bytes));
        },
        async removeItem(key) {
          localStorage.removeItem(SECURE_PREFIX + key);
        },
      },
    },
    shell: {
      async openPath(path) {
        options.log(`shell.openPath(${path})`);
        return "";
      },
      // A browser may not open tabs for a test; the harness logs the URL the panel asked for.
      async openExternal(url) {
        options.log(`shell.openExternal(${url})`);
        return "";
      },
    },
    host: { name: "premierepro", version: "harness", uiLocale: "en_US" },
    versions: { uxp: "harness", plugin: "0.1.0" },
  };
}

/** Writes a secret the way the panel would find it (the harness's "use fake providers" toggle). */
export function storeSecret(key: string, value: string): void {
  localStorage.setItem(SECURE_PREFIX + key, bytesToBase64(utf8Encode(value)));
}

export function clearSecrets(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(SECURE_PREFIX)) localStorage.removeItem(key);
}
