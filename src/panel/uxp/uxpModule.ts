/**
 * The narrow slice of UXP's `uxp` module Shotbin uses, declared here because
 * `@adobe/cc-ext-uxp-types` is wrong in places (secureStorage sits under `storage`, and
 * `storage.localFileSystem` exists). Extend it as the panel needs more.
 */
export interface UxpPanelHooks {
  create?(rootNode: HTMLElement): void | Promise<void>;
  show?(rootNode: HTMLElement): void | Promise<void>;
  hide?(rootNode: HTMLElement): void;
  destroy?(rootNode: HTMLElement): void;
}

export interface UxpEntrypoints {
  setup(config: { plugin?: { create?(): void; destroy?(): void }; panels: Record<string, UxpPanelHooks> }): void;
}

export interface UxpModule {
  entrypoints: UxpEntrypoints;
  host?: { name: string; version: string; uiLocale?: string };
  versions?: { uxp: string; plugin: string };
}
