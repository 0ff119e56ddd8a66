import type { ReportInput } from '@hypercare/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import { CONTEXT } from '../test-fixtures.js';
import { NetworkError, ReportRejectedError } from '../transport/errors.js';
import type { ReportAttachment, sendReport } from '../transport/send-report.js';
import { createOutbox, makeRoom, type Outbox, type OutboxContext } from './outbox.js';
import { createOutboxStorage, type OutboxStorage } from './outbox-storage.js';
import { domError, entry, failingPuts, setIndexedDb, useFreshIndexedDb } from './test-support.js';

const RELAY = 'https://relay.example.com';

const PNG = new Blob([new Uint8Array(2_000)], { type: 'image/png' });

function report(description: string): ReportInput {
  return { schemaVersion: 1, category: 'bug', description, context: CONTEXT };
}

/** A relay that stores once per submission key, failing as told first. */
function fakeRelay() {
  const stored: { key: string; reference: string; report: ReportInput; attachments: ReportAttachment[] }[] = [];
  const failures: Array<() => Error> = [];
  const requests: ReportInput[] = [];
  let inStorageAtSend: (key: string) => Promise<boolean> = async () => true;
  const seenInStorage: boolean[] = [];

  const send = vi.fn<typeof sendReport>(async (_relay, input, attachments = []) => {
    requests.push(input);
    seenInStorage.push(await inStorageAtSend(input.submission!.key));
    const failure = failures.shift();
    if (failure) throw failure();

    const key = input.submission!.key;
    const earlier = stored.find((s) => s.key === key);
    if (earlier) return { reference: earlier.reference, receivedAt: 'then' };

    const reference = input.submission!.reference!;
    stored.push({ key, reference, report: input, attachments: [...attachments] });
    return { reference, receivedAt: 'now' };
  });

  return {
    send,
    stored,
    requests,
    seenInStorage,
    failNext: (...errors: Array<() => Error>) => failures.push(...errors),
    checkStorageWith: (check: (key: string) => Promise<boolean>) => (inStorageAtSend = check),
  };
}

const offline = () => new NetworkError('could not reach the relay');
const status = (code: number, retryAfterMs?: number) => () =>
  new ReportRejectedError(code, `http_${code}`, 'no', [], retryAfterMs);

let outboxes: Outbox[] = [];

function setup(options: Partial<OutboxContext> = {}) {
  const relay = fakeRelay();
  const logger: HypercareLogger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const storage = options.storage ?? createOutboxStorage();
  const outbox = createOutbox({
    relay: RELAY,
    send: relay.send,
    storage,
    logger,
    backoff: { random: () => 0.5 },
    ...options,
  });
  outboxes.push(outbox);
  return { outbox, relay, logger, storage };
}

beforeEach(useFreshIndexedDb);

afterEach(() => {
  for (const outbox of outboxes) outbox.stop();
  outboxes = [];
});

describe('submit', () => {
  it('writes the report to the outbox before sending, and removes it once acknowledged', async () => {
    const { outbox, relay, storage } = setup();
    relay.checkStorageWith(async (key) => (await storage.list()).some((e) => e.key === key));

    const receipt = await outbox.submit(report('Saved first'));

    expect(relay.seenInStorage).toEqual([true]);
    expect(receipt).toMatchObject({ delivery: 'sent', reference: relay.stored[0]!.reference });
    expect(await storage.list()).toEqual([]);
  });

  it('proposes a fresh reference and idempotency key for each report', async () => {
    const { outbox, relay } = setup();

    const first = await outbox.submit(report('One'));
    const second = await outbox.submit(report('Two'));

    const [a, b] = relay.requests.map((r) => r.submission!);
    expect(a!.key).toMatch(/^[\w-]{16,128}$/);
    expect(a!.key).not.toBe(b!.key);
    expect(a!.reference).toMatch(/^HC-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect([first.reference, second.reference]).toEqual([a!.reference, b!.reference]);
  });

  it('says "saved" with the reference the relay will keep when the network is down', async () => {
    const { outbox, relay, storage } = setup();
    relay.failNext(offline);

    const receipt = await outbox.submit(report('On a train'));

    expect(receipt).toMatchObject({ delivery: 'saved', leftOut: [], dropped: 0 });
    const [waiting] = await storage.list();
    expect(waiting!.report.submission!.reference).toBe(receipt.reference);

    await outbox.flush();

    expect(relay.stored.map((s) => s.reference)).toEqual([receipt.reference]);
    expect(await storage.list()).toEqual([]);
  });

  it('stores one report when the answer is lost and the report is sent again', async () => {
    const { outbox, relay } = setup();
    // The relay stores it, then the connection drops before the answer.
    relay.send.mockImplementationOnce(async (r, input, a) => {
      await relay.send(r, input, a);
      throw offline();
    });

    const receipt = await outbox.submit(report('Lost answer'));
    await outbox.flush();

    expect(receipt.delivery).toBe('saved');
    expect(relay.stored).toHaveLength(1);
    expect(relay.stored[0]!.reference).toBe(receipt.reference);
  });

  it('says "memory" when the report can be kept only while the page is open', async () => {
    setIndexedDb(undefined);
    const { outbox, relay } = setup();
    relay.failNext(offline);

    const receipt = await outbox.submit(report('Private window'));

    expect(receipt.delivery).toBe('memory');
    await outbox.flush();
    expect(relay.stored).toHaveLength(1);
  });

  it('says "memory" when the quota is exceeded', async () => {
    const full = failingPuts(() => {
      throw domError('QuotaExceededError');
    });
    const { outbox, relay } = setup({ storage: createOutboxStorage({ openStore: full }) });
    relay.failNext(offline);

    expect((await outbox.submit(report('Disk full'))).delivery).toBe('memory');
  });

  it("passes on the relay's own reference when the proposed one was taken", async () => {
    const { outbox, relay } = setup();
    relay.send.mockResolvedValueOnce({ reference: 'HC-ZZZZZZ', receivedAt: 'now', requestedReference: 'HC-7F3K2Q' });

    await expect(outbox.submit(report('Clash'))).resolves.toMatchObject({ delivery: 'sent', reference: 'HC-ZZZZZZ' });
  });

  it('rejects with the relay\'s refusal and keeps no copy, since the dialog still holds the draft', async () => {
    const { outbox, relay, storage } = setup();
    relay.failNext(status(400));

    await expect(outbox.submit(report('Bad'))).rejects.toBeInstanceOf(ReportRejectedError);

    expect(relay.send).toHaveBeenCalledTimes(1);
    expect(await storage.list()).toEqual([]);
  });

  it('sends again without the screenshot after a 413, and says it was left out', async () => {
    const { outbox, relay } = setup();
    relay.failNext(status(413));

    const receipt = await outbox.submit(report('Big'), [{ kind: 'screenshot', blob: PNG, optional: true }]);

    expect(receipt).toMatchObject({ delivery: 'sent', leftOut: ['screenshot'] });
    expect(relay.stored[0]!.attachments).toEqual([]);
    expect(relay.stored[0]!.report.diagnostics?.screenshot).toEqual({
      status: 'failed',
      reason: 'left out: the relay found the report too large',
    });
  });

  it('gives up with the 413 when nothing optional is left to leave out', async () => {
    const { outbox, relay } = setup();
    relay.failNext(status(413), status(413));

    const error = await outbox
      .submit(report('Still big'), [{ kind: 'screenshot', blob: PNG, optional: true }])
      .catch((e) => e);

    expect(error).toMatchObject({ status: 413 });
    expect(relay.send).toHaveBeenCalledTimes(2);
  });
});

describe('when storage fails', () => {
  const failures: [string, () => OutboxStorage][] = [
    ['IndexedDB is missing', () => (setIndexedDb(undefined), createOutboxStorage())],
    [
      'touching IndexedDB throws',
      () => {
        Object.defineProperty(globalThis, 'indexedDB', {
          configurable: true,
          get() {
            throw domError('SecurityError');
          },
        });
        return createOutboxStorage();
      },
    ],
    [
      'Blobs cannot be stored',
      () =>
        createOutboxStorage({
          openStore: failingPuts((value) => {
            const attachments = (value as { attachments?: { data: unknown }[] }).attachments ?? [];
            if (attachments.some((a) => a.data instanceof Blob)) throw domError('DataCloneError');
          }),
        }),
    ],
    [
      'the quota is exceeded',
      () =>
        createOutboxStorage({
          openStore: failingPuts(() => {
            throw domError('QuotaExceededError');
          }),
        }),
    ],
  ];

  it.each(failures)('still sends the report at once when %s', async (_, makeStorage) => {
    const { outbox, relay } = setup({ storage: makeStorage() });

    const receipt = await outbox.submit(report('Storage trouble'), [{ kind: 'screenshot', blob: PNG, optional: true }]);

    expect(receipt.delivery).toBe('sent');
    expect(relay.stored).toHaveLength(1);
    expect(relay.stored[0]!.attachments[0]!.blob.size).toBe(PNG.size);
  });
});

describe('bounds', () => {
  it('drops the oldest waiting reports to make room, and says how many', async () => {
    const { outbox, relay, storage, logger } = setup({ maxReports: 2 });
    relay.failNext(offline, offline, offline);

    await outbox.submit(report('First'));
    await outbox.submit(report('Second'));
    const third = await outbox.submit(report('Third'));

    expect(third.dropped).toBe(1);
    expect((await storage.list()).map((e) => e.report.description)).toEqual(['Second', 'Third']);
    expect(logger.warn).toHaveBeenCalledWith('Dropped 1 waiting report(s) to make room for a new one');
  });

  it('keeps the waiting reports and refuses the new one with drop-newest', async () => {
    const { outbox, relay, storage } = setup({ maxReports: 1, whenFull: 'drop-newest' });
    relay.failNext(offline, offline, offline);
    await outbox.submit(report('First'));

    await expect(outbox.submit(report('Second'))).rejects.toBeInstanceOf(NetworkError);

    expect((await storage.list()).map((e) => e.report.description)).toEqual(['First']);
  });

  it('still sends a refused new report when the network works', async () => {
    const { outbox, relay } = setup({ maxBytes: 1_000 });

    const receipt = await outbox.submit(report('Huge'), [{ kind: 'screenshot', blob: PNG, optional: true }]);

    expect(receipt.delivery).toBe('sent');
    expect(relay.stored).toHaveLength(1);
  });

  it('drops reports that waited longer than the maximum age, without sending them', async () => {
    let now = 1_000_000;
    const { outbox, relay, storage, logger } = setup({ maxAgeMs: 60_000, now: () => now });
    relay.failNext(offline);
    const old = await outbox.submit(report('Old'));

    now += 60_001;
    await outbox.flush();

    expect(relay.stored).toEqual([]);
    expect(await storage.list()).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(`Dropped report ${old.reference}: it waited longer than 60000 ms`);
  });
});

describe('makeRoom', () => {
  const bounds = { maxReports: 3, maxBytes: 1_000, whenFull: 'drop-oldest' } as const;

  it('drops nothing while there is room', () => {
    expect(makeRoom([entry(1)], entry(2), bounds)).toEqual({ fits: true, drop: [] });
  });

  it('drops the oldest until the bytes fit', () => {
    const waiting = [entry(1, { size: 400 }), entry(2, { size: 400 })];

    const room = makeRoom(waiting, entry(3, { size: 500 }), bounds);

    expect(room).toEqual({ fits: true, drop: [waiting[0]] });
  });

  it('drops nothing for a report larger than the whole outbox', () => {
    expect(makeRoom([entry(1)], entry(2, { size: 1_001 }), bounds)).toEqual({ fits: false, drop: [] });
  });
});

describe('flush', () => {
  async function waitingAfter(outbox: Outbox, relay: ReturnType<typeof fakeRelay>, count: number) {
    relay.failNext(...Array.from({ length: count }, () => offline));
    for (let n = 1; n <= count; n++) await outbox.submit(report(`Report ${n}`));
  }

  it('sends what waits oldest first, each once', async () => {
    const { outbox, relay } = setup();
    await waitingAfter(outbox, relay, 5);

    await outbox.flush();

    expect(relay.stored.map((s) => s.report.description)).toEqual([
      'Report 1',
      'Report 2',
      'Report 3',
      'Report 4',
      'Report 5',
    ]);
  });

  it('stops at the first report that must wait, so none overtakes it', async () => {
    const { outbox, relay, storage } = setup();
    await waitingAfter(outbox, relay, 3);
    relay.failNext(offline);

    await outbox.flush();

    expect(relay.stored).toEqual([]);
    expect(new Set(relay.requests.map((r) => r.description))).toEqual(new Set(['Report 1']));
    expect((await storage.list()).map((e) => e.attempts)).toEqual([4, 0, 0]);
  });

  it('waits as long as Retry-After asks, even when flushed by hand', async () => {
    let now = 1_000_000;
    const { outbox, relay } = setup({ now: () => now });
    await waitingAfter(outbox, relay, 1);
    relay.failNext(status(503, 120_000));

    await outbox.flush();
    now += 60_000;
    await outbox.flush();

    expect(relay.send).toHaveBeenCalledTimes(2);
    now += 60_001;
    await outbox.flush();
    expect(relay.stored).toHaveLength(1);
  });

  it('goes ahead once Retry-After has passed after a forced flush, without waiting out the backoff', async () => {
    const { outbox, relay } = setup({ backoff: { baseMs: 600_000, random: () => 0.5 } });
    await waitingAfter(outbox, relay, 1);
    relay.failNext(status(503, 50));
    await outbox.flush();

    // As on `online`: the relay asked for 50 ms, the backoff says minutes.
    await outbox.flush();
    await vi.waitFor(() => expect(relay.stored).toHaveLength(1), { timeout: 2_000 });
  });

  it('keeps a report the relay refuses for good without sending it again, and sends the rest', async () => {
    const { outbox, relay, storage, logger } = setup();
    await waitingAfter(outbox, relay, 2);
    relay.failNext(status(422));

    await outbox.flush();
    await outbox.flush();

    expect(relay.stored.map((s) => s.report.description)).toEqual(['Report 2']);
    const [held] = await storage.list();
    expect(held).toMatchObject({ heldReason: expect.stringContaining('422') });
    expect(relay.send).toHaveBeenCalledTimes(2 + 2);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringMatching(/^Keeping report HC-\w{6} unsent: /));
  });

  it('sends reports another tab left in the shared database', async () => {
    const tabA = setup();
    await waitingAfter(tabA.outbox, tabA.relay, 2);
    const tabB = setup();

    await tabB.outbox.flush();

    expect(tabB.relay.stored.map((s) => s.report.description)).toEqual(['Report 1', 'Report 2']);
  });

  it('never stores a report twice when two tabs flush at once', async () => {
    const relay = fakeRelay();
    const tabs = [setup({ send: relay.send }), setup({ send: relay.send })];
    await waitingAfter(tabs[0]!.outbox, relay, 10);

    await Promise.all(tabs.map((tab) => tab.outbox.flush()));
    await Promise.all(tabs.map((tab) => tab.outbox.flush()));

    expect(relay.stored.map((s) => s.report.description)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Report ${i + 1}`),
    );
  });

  it('sums up what waits and what the relay refused for good', async () => {
    const { outbox, relay } = setup();
    await waitingAfter(outbox, relay, 3);
    relay.failNext(status(400), offline);

    await outbox.flush();

    expect(await outbox.summary()).toEqual({ waiting: 2, refused: 1 });
  });

  it('sends nothing for another relay', async () => {
    const other = setup({ relay: 'https://other.example.com' });
    await waitingAfter(other.outbox, other.relay, 1);
    const mine = setup();

    await mine.outbox.flush();

    expect(mine.relay.send).not.toHaveBeenCalled();
    expect(await mine.outbox.pending()).toEqual([]);
  });
});
