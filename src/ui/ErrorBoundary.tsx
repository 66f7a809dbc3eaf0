// Never a blank screen: a render error shows what happened and a way back.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError } from './errors';

interface Props {
  children: ReactNode;
}
interface State {
  error: unknown;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Tilewright: a screen failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    const { title, detail } = describeError(this.state.error);
    return (
      <div className="screen-error" role="alert">
        <h2>This screen failed: {title}</h2>
        <p>{detail}</p>
        <div className="row-gap">
          <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <a className="btn" href="#/datasets" onClick={() => this.setState({ error: null })}>
            Go to datasets
          </a>
        </div>
      </div>
    );
  }
}
