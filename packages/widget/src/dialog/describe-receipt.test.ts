import { describe, expect, it } from 'vitest';

import { ENGLISH } from '../messages.js';
import { describeReceipt } from './describe-receipt.js';

const RECEIPT = { reference: 'HC-7F3K2Q', receivedAt: '' };

describe('describeReceipt', () => {
  it('thanks for a sent report', () => {
    expect(describeReceipt({ ...RECEIPT, delivery: 'sent' }, ENGLISH)).toEqual({ message: ENGLISH.sent, notes: [] });
    expect(describeReceipt(RECEIPT, ENGLISH).message).toBe(ENGLISH.sent);
  });

  it('says a report waiting on the device is saved, not sent', () => {
    expect(describeReceipt({ ...RECEIPT, delivery: 'saved' }, ENGLISH, false).message).toBe(
      'Saved on this device; it will be sent when you are back online. Your reference is {reference}',
    );
  });

  it('blames the server, not the network, when the browser is online', () => {
    expect(describeReceipt({ ...RECEIPT, delivery: 'saved' }, ENGLISH, true).message).toBe(
      'Saved on this device; the server cannot be reached right now, and it will be sent ' +
        'as soon as it can. Your reference is {reference}',
    );
  });

  it('warns that a report kept only in memory needs the page to stay open', () => {
    expect(describeReceipt({ ...RECEIPT, delivery: 'memory' }, ENGLISH).message).toMatch(/keep this page open/);
  });

  it('says when the screenshot was left out and how many older reports gave way', () => {
    const outcome = describeReceipt({ ...RECEIPT, delivery: 'saved', leftOut: ['screenshot'], dropped: 2 }, ENGLISH);

    expect(outcome.notes).toEqual([
      'The screenshot was left out: the report was too large with it.',
      'To make room, 2 older unsent report(s) on this device were dropped.',
    ]);
  });
});
