/**
 * Lets one tab at a time flush the outbox, so reports leave in the order
 * they were made and tabs do not race each other to the relay. The relay's
 * idempotency keeps a race harmless; the lock keeps it rare.
 */
import type { OutboxStorage } from './outbox-storage.js';

export const FLUSH_LOCK_NAME = 'hypercare-outbox-flush';

/** A tab that vanishes mid-flush holds the fallback lease this long at most. */
export const LEASE_TTL_MS = 30_000;

/** How soon a tab that found the lease taken looks again. */
export const LEASE_RETRY_MS = 5_000;

const owner = Math.random().toString(36).slice(2);

/** Renews the lock before each send; false when another tab took it over. */
export type StillHeld = () => Promise<boolean>;

/**
 * Runs `run` under the Web Lock (waiting for another tab's flush to end), or
 * where Web Locks are missing (Safari before 15.4, insecure origins) under a
 * lease kept in the outbox's own database; when another tab holds the lease,
 * it asks `retryLater` instead of running.
 */
export async function withFlushLock(
  storage: OutboxStorage,
  run: (stillHeld: StillHeld) => Promise<void>,
  retryLater: (delayMs: number) => void,
): Promise<void> {
  const locks = typeof navigator === 'object' ? navigator.locks : undefined;
  if (locks && typeof locks.request === 'function') {
    await locks.request(FLUSH_LOCK_NAME, () => run(async () => true));
    return;
  }

  const claim = () => storage.claimLease(owner, Date.now(), LEASE_TTL_MS);
  if (!(await claim())) {
    retryLater(LEASE_RETRY_MS);
    return;
  }

  try {
    await run(claim);
  } finally {
    await storage.releaseLease(owner);
  }
}
