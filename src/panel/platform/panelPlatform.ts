/**
 * Everything the panel takes from its environment, in one object. In Premiere it is built from
 * `require("uxp")`, `require("fs")` and `require("premierepro")` (uxpPlatform.ts); the browser
 * harness provides stand-ins for the same three modules, so this file and the code above it are
 * identical in both.
 */
import type { premierepro } from "@adobe/premierepro";
import type { Clock } from "../../core/seams/clock";
import type { HttpFetch } from "../../core/seams/http";
import type { WebSocketFactory } from "../../relay/client/webSocketSession";
import type { UxpDocumentTheme, UxpModule, UxpPanelFs } from "../uxp/uxpModule";

/** The part of `localStorage` the panel uses for settings that are not secret. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** UXP's `navigator.clipboard.setContent({"text/plain": ...})` (the manifest asks for clipboard readAndWrite). */
export interface PanelClipboard {
  setText(text: string): Promise<void>;
}

/** `require("os")`: what the self-check reports about the machine. */
export interface PanelOs {
  platform(): string;
  release?(): string;
  arch?(): string;
}

export interface PanelPlatform {
  uxp: UxpModule;
  fs: UxpPanelFs;
  ppro: premierepro;
  storage: KeyValueStorage;
  fetch: HttpFetch;
  webSocket: WebSocketFactory;
  clock: Clock;
  /** Absent where the runtime has no clipboard; "Copy report" then says so. */
  clipboard?: PanelClipboard;
  /** Loads `os` when first needed (the self-check), so the panel starts without it. */
  os?: () => PanelOs | null;
  /** The host's theme (`document.theme`); absent where the runtime has none, and the panel stays dark. */
  theme?: UxpDocumentTheme;
}
