import { describe, expect, it } from 'vitest';

import { NetworkError, ReportRejectedError, UnexpectedResponseError } from '../transport/errors.js';
import { backoff, decideRetry } from './retry-policy.js';

const MIDDLE = { random: () => 0.5, canShrink: false };

function rejected(status: number, retryAfterMs?: number) {
  return new ReportRejectedError(status, `http_${status}`, 'no', [], retryAfterMs);
}

describe('decideRetry', () => {
  it('retries network failures and answers without a reference', () => {
    expect(decideRetry(new NetworkError('offline'), 1, MIDDLE)).toEqual({ action: 'retry', delayMs: 1_500 });
    expect(decideRetry(new UnexpectedResponseError(201, 'odd'), 1, MIDDLE).action).toBe('retry');
  });

  it('retries server errors, timeouts and rate limits', () => {
    for (const status of [500, 502, 503, 504, 408, 429]) {
      expect(decideRetry(rejected(status), 2, MIDDLE)).toEqual({ action: 'retry', delayMs: 3_000 });
    }
  });

  it('waits as long as Retry-After asks when that is longer than the backoff', () => {
    expect(decideRetry(rejected(503, 90_000), 1, MIDDLE)).toEqual({ action: 'retry', delayMs: 90_000 });
    expect(decideRetry(rejected(429, 10), 1, MIDDLE)).toEqual({ action: 'retry', delayMs: 1_500 });
  });

  it('caps a Retry-After of more than a day at a day', () => {
    const week = 7 * 24 * 60 * 60_000;

    expect(decideRetry(rejected(503, week), 1, MIDDLE)).toEqual({ action: 'retry', delayMs: 24 * 60 * 60_000 });
  });

  it('shrinks a report the relay finds too large while it has something optional', () => {
    expect(decideRetry(rejected(413), 1, { ...MIDDLE, canShrink: true })).toEqual({ action: 'shrink' });
    expect(decideRetry(rejected(413), 1, MIDDLE)).toMatchObject({ action: 'hold' });
  });

  it('holds reports refused for what they are, with the reason', () => {
    for (const status of [400, 403, 415, 422]) {
      expect(decideRetry(rejected(status), 1, MIDDLE)).toEqual({
        action: 'hold',
        reason: `Failed to send report: the relay answered ${status} (http_${status}): no`,
      });
    }
  });
});

describe('backoff', () => {
  it('doubles from the base up to the cap, half fixed and half random', () => {
    const low = { baseMs: 1_000, maxMs: 8_000, random: () => 0 };
    const high = { ...low, random: () => 0.999_999 };

    expect([1, 2, 3, 4, 5, 9].map((n) => backoff(n, low))).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, high))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });
});
