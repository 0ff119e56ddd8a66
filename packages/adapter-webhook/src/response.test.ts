import { describe, expect, it } from 'vitest';

import { isRetryableStatus, parseRetryAfter } from './response.js';

const NOW = new Date('2026-12-04T10:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 30 ', NOW)).toBe(30_000);
  });

  it('reads an HTTP date as the time until then', () => {
    expect(parseRetryAfter('Fri, 04 Dec 2026 10:01:30 GMT', NOW)).toBe(90_000);
  });

  it('reads a date already past as no wait', () => {
    expect(parseRetryAfter('Fri, 04 Dec 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries server errors and the temporary client errors only', () => {
    const statuses = [400, 401, 403, 404, 408, 409, 410, 413, 422, 425, 429, 500, 502, 503, 504];

    expect(statuses.filter(isRetryableStatus)).toEqual([408, 409, 425, 429, 500, 502, 503, 504]);
  });
});
