import { describe, expect, it } from 'vitest';

import type { DeliveryRecord } from './store/types.js';
import { summarizeStatus } from './views.js';

function delivery(
  status: DeliveryRecord['status'],
  attempts = 0,
): DeliveryRecord {
  return { adapter: 'a', status, attempts, updatedAt: new Date(0) };
}

describe('summarizeStatus', () => {
  it.each([
    ['received', []],
    ['received', [delivery('pending')]],
    ['delivering', [delivery('pending', 2)]],
    ['delivering', [delivery('pending'), delivery('delivered', 1)]],
    ['delivered', [delivery('delivered', 1), delivery('delivered', 3)]],
    ['failed', [delivery('failed', 1)]],
    ['failed', [delivery('delivered', 1), delivery('failed', 20)]],
  ] as const)('is %s for %j', (expected, deliveries) => {
    expect(summarizeStatus([...deliveries])).toBe(expected);
  });
});
