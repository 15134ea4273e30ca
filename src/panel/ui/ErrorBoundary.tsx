import { Component, type ErrorInfo, type ReactNode } from "react";
import { describeError } from "../../core/errors";

interface Props {
  /** What failed, in the editor's words: "The Jobs tab". */
  area: string;
  children: ReactNode;
}

interface State {
  error?: unknown;
}

/**
 * Catches a render error in its subtree and shows what happened and what to do, instead of a
 * blank panel. An uncaught error can unsettle UXP, so nothing is rethrown.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Shotbin: ${this.props.area} failed: ${describeError(error)}`, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div className="sb-box" data-testid="error-boundary">
        <div className="sb-error sb-strong">{this.props.area} stopped working.</div>
        <div>{describeError(this.state.error)}</div>
        <div className="sb-hint">Your jobs are safe in the ledger. Switch tabs or reopen the panel; if it happens again, copy this message into a bug report.</div>
        <div className="sb-link" onClick={() => this.setState({ error: undefined })}>
          Try again
        </div>
      </div>
    );
  }
}
