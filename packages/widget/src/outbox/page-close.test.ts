import { afterEach, describe, expect, it, vi } from 'vitest';

import { RECEIPT } from '../test-fixtures.js';
import type { sendReport } from '../transport/send-report.js';
import { KEEPALIVE_BUDGET_BYTES, sendWhileClosing } from './page-close.js';
import { entry } from './test-support.js';

const RELAY = 'https://relay.example.com';

function fakeSend() {
  return vi.fn<typeof sendReport>(async () => RECEIPT);
}

function sentDescriptions(send: ReturnType<typeof fakeSend>) {
  return send.mock.calls.map(([, report]) => report.description);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sendWhileClosing', () => {
  it('sends waiting reports oldest first as keepalive requests', () => {
    const send = fakeSend();

    const count = sendWhileClosing(RELAY, [entry(1), entry(2)], { send });

    expect(count).toBe(2);
    expect(sentDescriptions(send)).toEqual(['Report 1', 'Report 2']);
    expect(send.mock.calls[0]![3]).toEqual({ keepalive: true });
  });

  it('stops at the first report over the keepalive budget, so none overtakes it', () => {
    const send = fakeSend();
    const big = entry(2, { size: KEEPALIVE_BUDGET_BYTES });

    sendWhileClosing(RELAY, [entry(1), big, entry(3)], { send });

    expect(sentDescriptions(send)).toEqual(['Report 1']);
  });

  it('leaves out reports the relay refused for good, and hands each over once per page', () => {
    const send = fakeSend();
    const once = entry(2);

    sendWhileClosing(RELAY, [entry(1, { heldReason: '400' }), once], { send });
    sendWhileClosing(RELAY, [once], { send });

    expect(sentDescriptions(send)).toEqual(['Report 2']);
  });

  it('sends nothing while the browser says it is offline', () => {
    const send = fakeSend();
    vi.stubGlobal('navigator', { onLine: false });

    expect(sendWhileClosing(RELAY, [entry(1)], { send })).toBe(0);
    expect(send).not.toHaveBeenCalled();
  });

  it('uses a beacon where keepalive is missing', () => {
    const send = fakeSend();
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { onLine: true, sendBeacon });
    vi.stubGlobal('Request', class {});

    sendWhileClosing('https://relay.example.com/', [entry(1)], { send });

    expect(send).not.toHaveBeenCalled();
    expect(sendBeacon).toHaveBeenCalledWith('https://relay.example.com/v1/reports', expect.any(FormData));
  });
});
