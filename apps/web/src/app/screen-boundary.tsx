import { Component, ReactNode } from 'react';
import { FailurePage } from '../components/status-pages';

/**
 * A screen that failed to load or to render (a chunk gone after an update: « Réessayer » reloads and fetches the new
 * index.html; or a bug): the French failure page inside the shell, the header still usable.
 */
export class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render(): ReactNode {
    if (this.state.failed) return <FailurePage onRetry={() => window.location.reload()} />;
    return this.props.children;
  }
}
