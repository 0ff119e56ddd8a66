import type { ComponentChildren, JSX } from 'preact';
import { useErrorBoundary } from 'preact/hooks';

export interface GuardProps {
  /** Hears what a child threw while rendering or in an effect. */
  onError(error: unknown): void;
  children: ComponentChildren;
}

/**
 * Keeps what its children throw while rendering, or in their effects, from
 * reaching the host page (Preact rethrows it to the window otherwise); they
 * are replaced by nothing. Errors in event handlers are the handlers' own.
 */
export function Guard(props: GuardProps): JSX.Element | null {
  const [error] = useErrorBoundary((thrown) => props.onError(thrown));

  return error ? null : <>{props.children}</>;
}
