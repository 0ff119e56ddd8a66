import { describe, expect, it } from 'vitest';

import { checkRetryPolicy, DEFAULT_RETRY_POLICY, retryDelayMs } from './backoff.js';

const policy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 8_000 };

describe('retryDelayMs', () => {
  it('doubles after each attempt up to the cap', () => {
    const fixed = () => 1;

    const delays = [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(policy, n, 0, fixed));

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('keeps jitter between half and all of the exponential delay', () => {
    expect(retryDelayMs(policy, 3, 0, () => 0)).toBe(2_000);
    expect(retryDelayMs(policy, 3, 0, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(policy, 3, 0, () => 0.999_999)).toBeLessThanOrEqual(4_000);
  });

  it('never retries sooner than Retry-After asks', () => {
    expect(retryDelayMs(policy, 1, 90_000, () => 0)).toBe(90_000);
    expect(retryDelayMs(policy, 4, 10, () => 0)).toBe(4_000);
  });

  it('caps Retry-After at a day', () => {
    const week = 7 * 24 * 60 * 60 * 1000;

    expect(retryDelayMs(policy, 1, week, () => 0)).toBe(24 * 60 * 60 * 1000);
  });

  it('spreads the default policy over hours, not minutes', () => {
    const total = Array.from(
      { length: DEFAULT_RETRY_POLICY.maxAttempts - 1 },
      (_, i) => retryDelayMs(DEFAULT_RETRY_POLICY, i + 1, 0, () => 0),
    ).reduce((sum, ms) => sum + ms, 0);

    expect(total / 3_600_000).toBeGreaterThan(4);
  });
});

describe('checkRetryPolicy', () => {
  it('names the bad number', () => {
    expect(() => checkRetryPolicy({ ...policy, maxAttempts: 0 })).toThrow(
      /retry.maxAttempts must be a number of at least 1, not 0/,
    );
    expect(() => checkRetryPolicy({ ...policy, baseDelayMs: Number.NaN })).toThrow(
      /retry.baseDelayMs/,
    );
  });
});
