// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import type { Outbox } from './outbox.js';
import { setPendingHint } from './outbox-storage.js';
import { hasPendingHint, PENDING_HINT_KEY, watchOutbox } from './pending-hint.js';

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

function fakeModule() {
  const outbox = { start: vi.fn(), stop: vi.fn() } as unknown as Outbox & {
    start: ReturnType<typeof vi.fn>;
    stop: ReturnType<typeof vi.fn>;
  };
  const getOutbox = vi.fn(() => outbox);
  const load = vi.fn(async () => ({ getOutbox }) as never);
  return { outbox, getOutbox, load };
}

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  Reflect.deleteProperty(window, 'requestIdleCallback');
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the pending hint', () => {
  it('is set and cleared in localStorage', () => {
    setPendingHint(true);
    expect(localStorage.getItem(PENDING_HINT_KEY)).toBe('1');
    expect(hasPendingHint()).toBe(true);

    setPendingHint(false);
    expect(hasPendingHint()).toBe(false);
  });

  it('counts as set when localStorage throws, since IndexedDB may still hold reports', () => {
    // Browsers with storage turned off throw on reading `localStorage` itself.
    const real = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });

    try {
      expect(hasPendingHint()).toBe(true);
      expect(() => setPendingHint(true)).not.toThrow();
    } finally {
      Object.defineProperty(window, 'localStorage', real);
    }
  });
});

describe('watchOutbox', () => {
  it('loads nothing when no reports wait', async () => {
    const module = fakeModule();

    watchOutbox({ relay: 'https://relay.example.com', logger: fakeLogger(), load: module.load });
    await vi.runAllTimersAsync();

    expect(module.load).not.toHaveBeenCalled();
  });

  it('loads and starts the outbox once the page is idle when reports wait', async () => {
    setPendingHint(true);
    const module = fakeModule();

    watchOutbox({ relay: 'https://relay.example.com', outbox: { maxReports: 5 }, logger: fakeLogger(), load: module.load });
    expect(module.load).not.toHaveBeenCalled();
    await vi.runAllTimersAsync();

    expect(module.getOutbox).toHaveBeenCalledWith(
      expect.objectContaining({ relay: 'https://relay.example.com', maxReports: 5 }),
    );
    expect(module.outbox.start).toHaveBeenCalledTimes(1);
  });

  it('starts the outbox when the browser comes back online and another tab left reports', async () => {
    const module = fakeModule();
    watchOutbox({ relay: 'https://relay.example.com', logger: fakeLogger(), load: module.load });
    await vi.runAllTimersAsync();

    setPendingHint(true);
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
    await vi.runAllTimersAsync();

    expect(module.outbox.start).toHaveBeenCalledTimes(1);
  });

  it('stops the outbox and listens no more once stopped', async () => {
    setPendingHint(true);
    const module = fakeModule();
    const stop = watchOutbox({ relay: 'https://relay.example.com', logger: fakeLogger(), load: module.load });
    await vi.runAllTimersAsync();

    stop();
    window.dispatchEvent(new Event('online'));

    expect(module.outbox.stop).toHaveBeenCalledTimes(1);
    expect(module.load).toHaveBeenCalledTimes(1);
  });

  it('logs, and does not throw, when the outbox cannot load', async () => {
    setPendingHint(true);
    const logger = fakeLogger();

    watchOutbox({ relay: 'https://relay.example.com', logger, load: () => Promise.reject(new Error('offline')) });
    await vi.runAllTimersAsync();

    expect(logger.error).toHaveBeenCalledWith('Failed to load the outbox: offline', expect.any(Error));
  });
});
