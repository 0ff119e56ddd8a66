import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FLUSH_LOCK_NAME, LEASE_RETRY_MS, withFlushLock } from './flush-lock.js';
import { createOutboxStorage } from './outbox-storage.js';
import { useFreshIndexedDb } from './test-support.js';

beforeEach(useFreshIndexedDb);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('withFlushLock', () => {
  it('runs under the Web Lock where the browser has Web Locks', async () => {
    const request = vi.fn(async (_name: string, run: () => Promise<void>) => run());
    vi.stubGlobal('navigator', { locks: { request } });
    const run = vi.fn(async (stillHeld: () => Promise<boolean>) => {
      expect(await stillHeld()).toBe(true);
    });

    await withFlushLock(createOutboxStorage(), run, vi.fn());

    expect(request).toHaveBeenCalledWith(FLUSH_LOCK_NAME, expect.any(Function));
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('falls back to a lease in the database, one tab at a time', async () => {
    const tabA = createOutboxStorage();
    const tabB = createOutboxStorage();
    const retryLater = vi.fn();
    const order: string[] = [];

    await withFlushLock(
      tabA,
      async () => {
        order.push('A starts');
        // Another tab tries while A holds the lease; ours shares one owner
        // per page, so stand in for the other tab by claiming as it would.
        expect(await tabB.claimLease('other-tab', Date.now(), 30_000)).toBe(false);
        order.push('A ends');
      },
      retryLater,
    );

    expect(await tabB.claimLease('other-tab', Date.now(), 30_000)).toBe(true);
    expect(order).toEqual(['A starts', 'A ends']);
    expect(retryLater).not.toHaveBeenCalled();
  });

  it('renews the lease while it runs, and says when another tab took it over', async () => {
    const storage = createOutboxStorage();
    const other = createOutboxStorage();
    const held: boolean[] = [];

    await withFlushLock(
      storage,
      async (stillHeld) => {
        held.push(await stillHeld());
        // The lease ran out (the tab slept) and another tab claimed it.
        await other.claimLease('other-tab', Date.now() + 60_000, 30_000);
        held.push(await stillHeld());
      },
      vi.fn(),
    );

    expect(held).toEqual([true, false]);
  });

  it('asks to retry later, without running, when another tab holds the lease', async () => {
    const storage = createOutboxStorage();
    await storage.claimLease('other-tab', Date.now(), 30_000);
    const run = vi.fn(async () => {});
    const retryLater = vi.fn();

    await withFlushLock(storage, run, retryLater);

    expect(run).not.toHaveBeenCalled();
    expect(retryLater).toHaveBeenCalledWith(LEASE_RETRY_MS);
  });
});
