import { useState } from "react";
import { usePanel, usePanelState } from "../panelContext";
import { SpButton, SpTextfield } from "../spectrum/spectrumWidgets";
import { RELAY_TOKEN_KEY } from "../../settings/keyNames";
import type { RelayIndicator } from "../../runtime/relayLink";

const STATE_TEXT: Record<RelayIndicator, string> = {
  off: "Not connected: jobs are tracked by polling",
  idle: "Starting",
  connecting: "Connecting…",
  live: "Connected (live)",
  "long-polling": "Connected (long-polling)",
  waiting: "Unreachable, retrying",
  unauthorized: "Token refused",
  stopped: "Stopped",
};

function dotClass(state: RelayIndicator): string {
  if (state === "live" || state === "long-polling") return "sb-status-dot sb-dot-live";
  if (state === "unauthorized") return "sb-status-dot sb-dot-bad";
  if (state === "waiting" || state === "connecting") return "sb-status-dot sb-dot-warn";
  return "sb-status-dot";
}

/** The connection indicator, also shown in Jobs. */
export function RelayIndicatorLine() {
  const relay = usePanelState((state) => state.relay);
  return (
    <div className="sb-row" data-testid="relay-indicator" data-state={relay.state}>
      <div className={dotClass(relay.state)} />
      <span>{STATE_TEXT[relay.state]}</span>
      {relay.state !== "off" ? (
        <span className="sb-muted" data-testid="relay-events" data-count={relay.events} style={{ marginLeft: 6 }}>
          · {relay.events} event{relay.events === 1 ? "" : "s"}
        </span>
      ) : null}
    </div>
  );
}

/** Relay URL and token: webhooks from providers reach this panel live instead of waiting for the next poll. */
export function RelaySection() {
  const runtime = usePanel();
  const savedUrl = usePanelState((state) => state.settings.relayUrl ?? "");
  const tokenSaved = usePanelState((state) => state.keysSet[RELAY_TOKEN_KEY] ?? false);
  const problem = usePanelState((state) => state.relay.problem);
  const [url, setUrl] = useState(savedUrl);
  const [token, setToken] = useState("");
  const [error, setError] = useState<string>();
  return (
    <div className="sb-section">
      <div className="sb-label sb-strong">Webhook relay</div>
      <RelayIndicatorLine />
      {problem ? <div className="sb-issue" data-testid="relay-problem">{problem}</div> : null}
      <div className="sb-field" style={{ flexBasis: "100%", marginTop: 6 }}>
        <div className="sb-label">Relay URL</div>
        <SpTextfield testId="relay-url" value={url} placeholder="https://relay.example.com" onInput={setUrl} style={{ width: "100%" }} />
        <div className="sb-hint">Your studio's relay on any host: the plugin may reach any address, so no rebuild is needed.</div>
        {/^http:\/\//i.test(url.trim()) ? (
          <div className="sb-issue" data-testid="relay-http-warning">
            Premiere on macOS refuses plain http:// addresses (Adobe's network guide); use the relay's https:// address there.
          </div>
        ) : null}
      </div>
      <div className="sb-field" style={{ flexBasis: "100%" }}>
        <div className="sb-label">Token · {tokenSaved ? "saved" : "not set"}</div>
        <SpTextfield testId="relay-token" type="password" value={token} placeholder={tokenSaved ? "•••••••• (enter a new one to replace it)" : "from the relay's administrator"} onInput={setToken} style={{ width: "100%" }} />
      </div>
      <div className="sb-row sb-gap">
        <SpButton
          testId="relay-connect"
          onClick={() =>
            void runtime.relay.save(url, token).then((message) => {
              setError(message);
              if (!message) setToken("");
            })
          }
        >
          Save and connect
        </SpButton>
        <SpButton quiet testId="relay-disconnect" onClick={() => void runtime.relay.disconnect()}>
          Disconnect
        </SpButton>
      </div>
      {error ? <div className="sb-issue">{error}</div> : null}
    </div>
  );
}
