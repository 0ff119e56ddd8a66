// @vitest-environment happy-dom
import type { ReportInput } from '@hypercare/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { CONTEXT, RECEIPT } from '../test-fixtures.js';
import { NetworkError } from '../transport/errors.js';
import type { sendReport } from '../transport/send-report.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createOutboxStorage } from './outbox-storage.js';
import { useFreshIndexedDb } from './test-support.js';

const REPORT: ReportInput = { schemaVersion: 1, category: 'bug', description: 'Hi', context: CONTEXT };

let outbox: Outbox | undefined;

function setup(send: typeof sendReport) {
  outbox = createOutbox({ relay: 'https://relay.example.com', send, storage: createOutboxStorage() });
  return outbox;
}

let beacon: ReturnType<typeof vi.fn>;

beforeEach(() => {
  useFreshIndexedDb();
  // happy-dom would really send these; unit tests stay off the network.
  vi.spyOn(window, 'fetch').mockRejectedValue(new TypeError('no network in unit tests'));
  beacon = vi.fn(() => true);
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beacon });
});

afterEach(() => {
  outbox?.stop();
  vi.restoreAllMocks();
  Reflect.deleteProperty(document, 'visibilityState');
});

describe('a started outbox', () => {
  it('flushes when the browser comes back online', async () => {
    let online = false;
    const send = vi.fn<typeof sendReport>(async () => {
      if (!online) throw new NetworkError('offline');
      return RECEIPT;
    });
    const box = setup(send);
    expect((await box.submit(REPORT)).delivery).toBe('saved');
    box.start();
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));

    online = true;
    window.dispatchEvent(new Event('online'));

    await vi.waitFor(async () => expect(await box.pending()).toEqual([]));
  });

  it('gives up a send under way when the browser goes offline, keeping the report', async () => {
    const signals: AbortSignal[] = [];
    const send = vi.fn<typeof sendReport>(
      (_relay, _report, _attachments, options) =>
        new Promise((_resolve, reject) => {
          signals.push(options!.signal!);
          options!.signal!.addEventListener('abort', () => reject(new NetworkError('it was cancelled')));
        }),
    );
    const box = setup(send);
    box.start();

    const submitting = box.submit(REPORT);
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    window.dispatchEvent(new Event('offline'));

    expect((await submitting).delivery).toBe('saved');
    expect(await box.pending()).toHaveLength(1);
  });

  it('hands waiting reports to the browser when the page is hidden', async () => {
    const send = vi.fn<typeof sendReport>(async () => {
      throw new NetworkError('relay down');
    });
    const box = setup(send);
    await box.submit(REPORT);
    box.start();
    await vi.waitFor(async () => expect((await box.pending())[0]?.attempts).toBeGreaterThan(1));

    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));

    // happy-dom's Request has no keepalive, so this is the beacon path.
    expect(beacon).toHaveBeenCalledWith('https://relay.example.com/v1/reports', expect.any(FormData));
    const form = beacon.mock.calls[0]![1] as FormData;
    expect(JSON.parse(form.get('report') as string)).toMatchObject({ description: 'Hi' });
  });
});
