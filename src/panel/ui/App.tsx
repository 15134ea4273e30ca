import { ErrorBoundary } from "./ErrorBoundary";
import { NoticeBar } from "./NoticeBar";
import { usePanel, usePanelState } from "./panelContext";
import { SpButton } from "./spectrum/spectrumWidgets";
import { PANEL_TABS, type PanelTab } from "./tabs/tabRegistry";

function TabLabel({ tab }: { tab: PanelTab }) {
  const count = usePanelState((state) => (tab.badge ? tab.badge(state) : 0));
  return (
    <>
      {tab.label}
      {count > 0 ? ` (${count})` : ""}
    </>
  );
}

function TabBar() {
  const runtime = usePanel();
  const active = usePanelState((state) => state.activeTab);
  return (
    <div className="sb-tabs" data-testid="tabs">
      {PANEL_TABS.map((tab) => (
        <div
          key={tab.id}
          className={`sb-tab${tab.id === active ? " sb-tab-active" : ""}`}
          data-testid={`tab-${tab.id}`}
          onClick={() => runtime.store.setState({ activeTab: tab.id })}
        >
          <TabLabel tab={tab} />
        </div>
      ))}
    </div>
  );
}

function Startup() {
  const runtime = usePanel();
  const phase = usePanelState((state) => state.phase);
  const problem = usePanelState((state) => state.startupError);
  if (phase === "failed") {
    return (
      <div className="sb-center" data-testid="startup-failed">
        <div className="sb-error">{problem}</div>
        <SpButton onClick={() => void runtime.start()}>Try again</SpButton>
      </div>
    );
  }
  return (
    <div className="sb-center sb-muted" data-testid="starting">
      Opening the job ledger and connecting to Premiere…
    </div>
  );
}

export function App() {
  const active = usePanelState((state) => state.activeTab);
  const phase = usePanelState((state) => state.phase);
  const tab = PANEL_TABS.find((candidate) => candidate.id === active) ?? PANEL_TABS[0]!;
  return (
    <div className="sb-root" data-testid="panel">
      <TabBar />
      <NoticeBar />
      <div className="sb-body">
        {phase === "ready" ? (
          <ErrorBoundary key={tab.id} area={`The ${tab.label} tab`}>
            <tab.Component />
          </ErrorBoundary>
        ) : (
          <Startup />
        )}
      </div>
    </div>
  );
}
