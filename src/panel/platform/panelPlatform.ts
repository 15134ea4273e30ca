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
import type { UxpModule, UxpPanelFs } from "../uxp/uxpModule";

/** The part of `localStorage` the panel uses for settings that are not secret. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface PanelPlatform {
  uxp: UxpModule;
  fs: UxpPanelFs;
  ppro: premierepro;
  storage: KeyValueStorage;
  fetch: HttpFetch;
  webSocket: WebSocketFactory;
  clock: Clock;
}
