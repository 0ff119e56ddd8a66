/**
 * A one-bit hint in localStorage that the outbox holds reports, so that a
 * page load pays for the outbox's code and IndexedDB only when there is
 * something to send. It lives in the launcher's chunk; the outbox itself
 * loads lazily. The outbox sets it after writing a report and clears it
 * only when a re-read after clearing finds nothing, so a report another tab
 * writes meanwhile is never left without it.
 */

import { logFailure, type HypercareLogger } from '../logger.js';
import type { OutboxOptions } from './outbox.js';

export const PENDING_HINT_KEY = 'hypercare:outbox';

/** Safari has no requestIdleCallback; a short delay lets the page start first. */
const IDLE_FALLBACK_MS = 1_000;

/**
 * Whether some tab left reports waiting. True when localStorage cannot say
 * (it throws where storage is disabled), since IndexedDB may still work.
 */
export function hasPendingHint(): boolean {
  try {
    return localStorage.getItem(PENDING_HINT_KEY) !== null;
  } catch {
    return true;
  }
}

type OutboxModule = typeof import('./outbox.js');

export interface WatchOutboxOptions {
  relay: string;
  /** Bounds on waiting reports, as the widget was given them. Default: the outbox's. */
  outbox?: OutboxOptions;
  logger: HypercareLogger;
  /** Loads the outbox's chunk; tests pass their own. Default: a lazy import. */
  load?: () => Promise<OutboxModule>;
}

/**
 * Starts the outbox when reports wait: once the page is idle after start,
 * and again whenever the browser comes back online (another tab may have
 * left reports meanwhile). Returns a stop function.
 */
export function watchOutbox(options: WatchOutboxOptions): () => void {
  const load = options.load ?? (() => import('./outbox.js'));
  let outbox: ReturnType<OutboxModule['getOutbox']> | undefined;
  let stopped = false;

  function wake(): void {
    if (stopped || outbox || !hasPendingHint()) return;

    load()
      .then((module) => {
        if (stopped || outbox) return;
        outbox = module.getOutbox({ ...options.outbox, relay: options.relay, logger: options.logger });
        outbox.start();
      })
      .catch((error) => logFailure(options.logger, 'load the outbox', error));
  }

  // After the page's own start-up work: waiting reports are not urgent.
  const idle =
    window.requestIdleCallback?.bind(window) ??
    ((run: () => void) => setTimeout(run, IDLE_FALLBACK_MS));
  idle(wake);
  window.addEventListener('online', wake);

  return () => {
    stopped = true;
    window.removeEventListener('online', wake);
    outbox?.stop();
  };
}
