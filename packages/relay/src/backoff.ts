/** How the worker spaces out retries of a failing delivery. */
export interface RetryPolicy {
  /** Attempts in all, the first included; then the delivery fails. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each. */
  baseDelayMs: number;
  /** The longest wait between two attempts. */
  maxDelayMs: number;
}

/**
 * Six to eight hours of retries, jitter depending: 1 s doubling to an hour,
 * then hourly. Long enough to ride out a receiver's deploy or an evening's
 * vendor outage.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 60 * 60 * 1000,
};

/** A vendor's `Retry-After` is honoured up to a day, not beyond. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The wait before the attempt after `attempt`: exponential, capped, with
 * "equal jitter" (half fixed, half random) so relays that failed together do
 * not retry in lockstep, and never sooner than the vendor asked.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jittered = capped / 2 + random() * (capped / 2);

  return Math.round(
    Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS)),
  );
}

/** Checks a policy's numbers, naming the first bad one. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  for (const [key, value] of Object.entries(policy)) {
    const least = key === 'maxAttempts' ? 1 : 0;
    if (!Number.isFinite(value) || value < least) {
      throw new RangeError(
        `Failed to create relay: retry.${key} must be a number of at ` +
          `least ${least}, not ${value}`,
      );
    }
  }
  return policy;
}
