/**
 * What to do after one failed attempt to send a report: wait and try again,
 * try again without the largest optional attachment, or keep the report and
 * stop trying. The relay is idempotent per report, so any retry is safe.
 */
import { ReportRejectedError } from '../transport/errors.js';

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'shrink' }
  | { action: 'hold'; reason: string };

export interface BackoffOptions {
  /** The first wait. Default: 2 seconds. */
  baseMs?: number;
  /** The longest wait between attempts. Default: 5 minutes. */
  maxMs?: number;
  /** Random numbers in [0, 1); tests pin them. Default: `Math.random`. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 2_000;

export const DEFAULT_BACKOFF_MAX_MS = 5 * 60_000;

/** A relay asking for a day's pause is honoured, but no longer than that. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/** Statuses worth the same request again later: timeouts, rate limits, server trouble. */
const RETRY_STATUSES = [408, 425, 429];

/**
 * Decides after the `attempts`-th failed attempt. Network failures, 5xx,
 * 408 and 429 retry after a backoff, or the relay's `Retry-After` when it
 * is longer; 413 first shrinks the report; other refusals hold it, since
 * the same bytes would be refused again.
 */
export function decideRetry(
  error: unknown,
  attempts: number,
  options: BackoffOptions & { canShrink: boolean },
): RetryDecision {
  if (error instanceof ReportRejectedError) return decideForStatus(error, attempts, options);

  // A network failure, a timeout or a success without a reference: the
  // relay may have stored it or not, and a repeat is answered idempotently.
  return { action: 'retry', delayMs: backoff(attempts, options) };
}

function decideForStatus(
  error: ReportRejectedError,
  attempts: number,
  options: BackoffOptions & { canShrink: boolean },
): RetryDecision {
  const { status } = error;
  if (status >= 500 || RETRY_STATUSES.includes(status)) {
    const asked = Math.min(error.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
    return { action: 'retry', delayMs: Math.max(asked, backoff(attempts, options)) };
  }

  if (status === 413 && options.canShrink) return { action: 'shrink' };

  return { action: 'hold', reason: error.message };
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed and half
 * random, so tabs and devices that failed together do not retry together.
 */
export function backoff(attempts: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
  const max = options.maxMs ?? DEFAULT_BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;

  const step = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
