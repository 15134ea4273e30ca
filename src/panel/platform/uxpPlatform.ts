import type { premierepro } from "@adobe/premierepro";
import { systemClock } from "../../core/seams/clock";
import { globalFetch } from "../../core/seams/http";
import type { WebSocketLike } from "../../relay/client/webSocketSession";
import type { UxpDocumentTheme, UxpModule, UxpPanelFs } from "../uxp/uxpModule";
import type { KeyValueStorage, PanelClipboard, PanelOs, PanelPlatform } from "./panelPlatform";

interface UxpClipboard {
  setContent?(data: Record<string, string>): Promise<unknown>;
}

function uxpClipboard(): PanelClipboard | undefined {
  const clipboard = (globalThis as { navigator?: { clipboard?: UxpClipboard } }).navigator?.clipboard;
  if (!clipboard || typeof clipboard.setContent !== "function") return undefined;
  return {
    async setText(text) {
      await clipboard.setContent!({ "text/plain": text });
    },
  };
}

function loadOs(): PanelOs | null {
  try {
    const os = require("os") as Partial<PanelOs> | undefined;
    return os && typeof os.platform === "function" ? (os as PanelOs) : null;
  } catch {
    return null;
  }
}

/** The platform from the modules UXP provides (or the harness's stand-ins for them). */
export function createUxpPlatform(uxp: UxpModule, fs: UxpPanelFs, ppro: premierepro): PanelPlatform {
  const scope = globalThis as unknown as { localStorage?: KeyValueStorage; WebSocket?: new (url: string) => WebSocketLike; document?: { theme?: UxpDocumentTheme } };
  const theme = scope.document?.theme;
  if (!scope.localStorage) throw new Error("This runtime has no localStorage.");
  const WebSocketClass = scope.WebSocket;
  return {
    uxp,
    fs,
    ppro,
    storage: scope.localStorage,
    fetch: globalFetch(),
    webSocket: (url) => {
      if (!WebSocketClass) throw new Error("This runtime has no WebSocket.");
      return new WebSocketClass(url);
    },
    clock: systemClock,
    clipboard: uxpClipboard(),
    os: loadOs,
    ...(theme ? { theme } : {}),
  };
}
