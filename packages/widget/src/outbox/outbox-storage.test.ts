import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import { createOutboxStorage, toReportAttachments } from './outbox-storage.js';
import {
  closableStore,
  domError,
  entry,
  failingPuts,
  setIndexedDb,
  useFreshIndexedDb,
} from './test-support.js';

const PNG = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

function logger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

function withScreenshot(n: number) {
  return entry(n, {
    attachments: [{ kind: 'screenshot', optional: true, type: 'image/png', size: 4, data: PNG }],
  });
}

beforeEach(useFreshIndexedDb);

describe('createOutboxStorage', () => {
  it('keeps entries in IndexedDB, where a reloaded page finds them in the order made', async () => {
    const first = createOutboxStorage();
    for (const n of [3, 1, 2]) expect(await first.put(entry(n))).toBe('disk');

    const reloaded = createOutboxStorage();
    const listed = await reloaded.list();

    expect(listed.map((e) => e.report.description)).toEqual(['Report 1', 'Report 2', 'Report 3']);
  });

  it('keeps a screenshot Blob with its bytes and type', async () => {
    await createOutboxStorage().put(withScreenshot(1));

    const [kept] = await createOutboxStorage().list();
    const [attachment] = toReportAttachments(kept!);

    expect(attachment!.blob.type).toBe('image/png');
    expect(new Uint8Array(await attachment!.blob.arrayBuffer())).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it('removes an entry for good', async () => {
    const storage = createOutboxStorage();
    const kept = entry(1);
    await storage.put(kept);

    await storage.remove(kept);

    expect(await createOutboxStorage().list()).toEqual([]);
  });

  it('keeps entries in memory when the browser has no IndexedDB', async () => {
    setIndexedDb(undefined);
    const log = logger();
    const storage = createOutboxStorage({ logger: log });

    expect(await storage.put(entry(1))).toBe('memory');

    expect((await storage.list()).map((e) => e.order)).toEqual([entry(1).order]);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/^Failed to keep a report on this device: /), expect.anything());
  });

  it('keeps entries in memory when touching IndexedDB throws, as with storage disabled', async () => {
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw domError('SecurityError');
      },
    });
    const storage = createOutboxStorage();

    expect(await storage.put(entry(1))).toBe('memory');
    expect(await storage.list()).toHaveLength(1);
  });

  it('keeps entries in memory when IndexedDB refuses to open, as in private windows', async () => {
    const refusing = {
      open() {
        const request: Record<string, unknown> = {};
        setTimeout(() => {
          request.error = domError('InvalidStateError');
          (request.onerror as () => void)();
        });
        return request;
      },
    };
    setIndexedDb(refusing);
    const storage = createOutboxStorage();

    expect(await storage.put(entry(1))).toBe('memory');
    expect(await storage.put(entry(2))).toBe('memory');
    expect(await storage.list()).toHaveLength(2);
  });

  it('stores attachment bytes when the browser cannot store Blobs', async () => {
    const refuseBlobs = failingPuts((value) => {
      const attachments = (value as { attachments?: { data: unknown }[] }).attachments ?? [];
      if (attachments.some((a) => a.data instanceof Blob)) throw domError('DataCloneError');
    });
    const storage = createOutboxStorage({ openStore: refuseBlobs });

    expect(await storage.put(withScreenshot(1))).toBe('disk');

    const [kept] = await createOutboxStorage().list();
    expect(kept!.attachments[0]!.data).toBeInstanceOf(ArrayBuffer);
    const [attachment] = toReportAttachments(kept!);
    expect(attachment!.blob.type).toBe('image/png');
    expect(attachment!.blob.size).toBe(4);
  });

  it('keeps an entry in memory when the quota is exceeded, and still lists it', async () => {
    const full = failingPuts(() => {
      throw domError('QuotaExceededError');
    });
    const storage = createOutboxStorage({ openStore: full });

    expect(await storage.put(withScreenshot(2))).toBe('memory');

    expect((await storage.list()).map((e) => e.report.description)).toEqual(['Report 2']);
    expect(await createOutboxStorage().list()).toEqual([]);
  });

  it('opens the database again when the connection was closed under it', async () => {
    const store = closableStore();
    const storage = createOutboxStorage({ openStore: store.openStore });
    await storage.put(entry(1));

    store.close();

    expect(await storage.put(entry(2))).toBe('disk');
    expect(await storage.list()).toHaveLength(2);
    expect(store.opened()).toBe(2);
  });

  it('moves an entry from memory to disk once the disk takes it', async () => {
    let refuse = true;
    const storage = createOutboxStorage({
      openStore: failingPuts(() => {
        if (refuse) throw domError('QuotaExceededError');
      }),
    });
    const kept = entry(1);
    await storage.put(kept);

    refuse = false;
    expect(await storage.put({ ...kept, attempts: 1 })).toBe('disk');

    expect(await storage.list()).toEqual([{ ...kept, attempts: 1 }]);
  });
});

describe('the flush lease', () => {
  it('goes to one owner at a time until it runs out or is released', async () => {
    const tabA = createOutboxStorage();
    const tabB = createOutboxStorage();

    expect(await tabA.claimLease('a', 1_000, 30_000)).toBe(true);
    expect(await tabB.claimLease('b', 2_000, 30_000)).toBe(false);
    expect(await tabA.claimLease('a', 3_000, 30_000)).toBe(true);
    expect(await tabB.claimLease('b', 33_001, 30_000)).toBe(true);

    await tabB.releaseLease('b');
    expect(await tabA.claimLease('a', 33_002, 30_000)).toBe(true);
  });

  it('is always granted when there is no database to share', async () => {
    setIndexedDb(undefined);
    const storage = createOutboxStorage();

    expect(await storage.claimLease('a', 0, 30_000)).toBe(true);
    expect(await storage.claimLease('b', 0, 30_000)).toBe(true);
  });
});
