/**
 * The narrow slice of UXP's `uxp` and `fs` modules Shotbin uses, declared here because
 * `@adobe/cc-ext-uxp-types` is wrong in places (secureStorage sits under `storage`, and
 * `storage.localFileSystem` exists). The harness implements exactly these shapes in the browser;
 * nothing else of UXP is touched by the panel.
 */
import type { UxpFsModule } from "../../media/uxpRandomAccessFile";

export interface UxpPanelHooks {
  create?(rootNode: HTMLElement): void | Promise<void>;
  show?(rootNode: HTMLElement): void | Promise<void>;
  hide?(rootNode: HTMLElement): void;
  destroy?(rootNode: HTMLElement): void;
}

export interface UxpEntrypoints {
  setup(config: { plugin?: { create?(): void; destroy?(): void }; panels: Record<string, UxpPanelHooks> }): void;
}

/** A file or folder handed out by a picker or a token. */
export interface UxpEntry {
  readonly name: string;
  readonly nativePath: string;
  readonly isFile: boolean;
  readonly isFolder: boolean;
}

export interface UxpFile extends UxpEntry {
  /** `format: storage.formats.binary` gives an ArrayBuffer. */
  read(options?: { format?: unknown }): Promise<string | ArrayBuffer>;
}

export interface UxpLocalFileSystem {
  /** Opens the folder picker; null when the user cancels. */
  getFolder(options?: { initialDomain?: unknown }): Promise<UxpEntry | null | undefined>;
  /** Opens the file picker; null or an empty array when the user cancels. */
  getFileForOpening(options?: { types?: string[]; allowMultiple?: boolean }): Promise<UxpFile | UxpFile[] | null | undefined>;
  /** A token that opens the same entry in a later session without asking again. */
  createPersistentToken(entry: UxpEntry): Promise<string>;
  getEntryForPersistentToken(token: string): Promise<UxpEntry>;
  /** A URL for an entry that `<video src>` and `<img src>` can load. */
  getEntryWithUrl?(url: string): Promise<UxpEntry>;
  getFsUrl?(entry: UxpEntry): string;
  /** The plugin's temporary folder (may be emptied by UXP): the self-check's scratch files go here. */
  getTemporaryFolder?(): Promise<Pick<UxpEntry, "nativePath">>;
}

/** Encrypted with the OS user's credentials. `getItem` answers bytes, never a string. */
export interface UxpSecureStorage {
  getItem(key: string): Promise<Uint8Array | ArrayBuffer | null | undefined>;
  setItem(key: string, value: string | ArrayBuffer | Uint8Array): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface UxpStorage {
  localFileSystem: UxpLocalFileSystem;
  secureStorage: UxpSecureStorage;
  formats: { utf8: unknown; binary: unknown };
}

export interface UxpShell {
  /** Resolves "" on success, or a message when the OS refused. Needs `launchProcess` in the manifest. */
  openPath(path: string, developerText?: string): Promise<string>;
  /**
   * Opens a URL in the system's handler for its scheme (the browser for https). UXP asks the user
   * first; resolves "" on success, or a message when refused. The scheme must be listed in the
   * manifest's `launchProcess.schemes`; `file:` is not allowed here.
   */
  openExternal?(url: string, developerText?: string): Promise<string>;
}

/**
 * UXP's `document.theme`: the host's UI brightness. Premiere answers "light", "dark" or "darkest"
 * (UXP's list also has "lightest" and "medium"), and fires `onUpdated` with the new name when the
 * editor changes it (developer.adobe.com/uxp/guides/how-to/recipes/css-styling, "Respond to the
 * host theme"; developer.adobe.com/premiere-pro/uxp/resources/recipes/css-styling). Not in
 * @adobe/cc-ext-uxp-types, so declared here.
 */
export interface UxpDocumentTheme {
  getCurrent(): string;
  onUpdated: {
    addListener(listener: (theme: string) => void): void;
    removeListener(listener: (theme: string) => void): void;
  };
}

export interface UxpModule {
  entrypoints: UxpEntrypoints;
  storage: UxpStorage;
  shell?: UxpShell;
  host?: { name: string; version: string; uiLocale?: string };
  versions?: { uxp: string; plugin: string };
}

/**
 * UXP's `require("fs")`: the descriptor API the media code uses, plus whole-file text reads and
 * writes for the ledger. Paths may use the `plugin:`, `plugin-data:` and `plugin-temp:` schemes.
 */
export interface UxpPanelFs extends UxpFsModule {
  readFile(path: string, options: { encoding: "utf-8" }): Promise<string>;
  writeFile(path: string, data: string, options: { encoding: "utf-8" }): Promise<unknown>;
}
