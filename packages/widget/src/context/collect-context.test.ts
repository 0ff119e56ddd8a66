import { MAX_SHORT_TEXT_LENGTH, parseReport } from '@hypercare/shared';
import { describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import { collectContext } from './collect-context.js';
import { collectDisplay, collectPage, type ContextCollector } from './collectors.js';

function fakeWindow(overrides: { title?: string; referrer?: string; devicePixelRatio?: number } = {}): Window {
  return {
    location: { href: 'https://app.example.com/orders?page=2' },
    document: { title: overrides.title ?? 'Orders', referrer: overrides.referrer ?? '' },
    innerWidth: 1280.4,
    innerHeight: 719.6,
    screen: { width: 2560, height: 1440 },
    devicePixelRatio: overrides.devicePixelRatio ?? 2,
    navigator: { userAgent: 'Mozilla/5.0 (test)', language: 'en-GB', languages: ['en-GB', 'en'] },
  } as unknown as Window;
}

describe('collectContext', () => {
  it('collects page, display, browser and time', () => {
    const context = collectContext({ window: fakeWindow() });

    expect(context).toMatchObject({
      url: 'https://app.example.com/orders?page=2',
      title: 'Orders',
      userAgent: 'Mozilla/5.0 (test)',
      viewport: { width: 1280, height: 720 },
      screen: { width: 2560, height: 1440 },
      devicePixelRatio: 2,
      language: 'en-GB',
      languages: ['en-GB', 'en'],
    });
    expect(context.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(Date.parse(context.time)).not.toBeNaN();
    expect(context).not.toHaveProperty('referrer');
  });

  it('makes a context the shared schema accepts', () => {
    const result = parseReport({
      schemaVersion: 1,
      category: 'bug',
      description: 'x',
      context: collectContext({ window: fakeWindow({ devicePixelRatio: 40 }) }),
    });

    expect(result.ok).toBe(true);
  });

  it('trims text to the schema limits', () => {
    const context = collectContext({ window: fakeWindow({ title: 'x'.repeat(5_000) }) });

    expect(context.title).toHaveLength(MAX_SHORT_TEXT_LENGTH);
  });

  it('skips a collector that throws and logs it', () => {
    const logger: HypercareLogger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const broken: ContextCollector = () => {
      throw new Error('screen is not available');
    };

    const context = collectContext({
      window: fakeWindow(),
      collectors: [collectPage, broken, collectDisplay],
      logger,
    });

    expect(context.url).toBe('https://app.example.com/orders?page=2');
    expect(context.viewport).toEqual({ width: 1280, height: 720 });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('lets a later collector add fields of its own', () => {
    const extra: ContextCollector = () => ({ referrer: 'https://mail.example.com/' });

    const context = collectContext({ window: fakeWindow(), collectors: [collectPage, extra] });

    expect(context.referrer).toBe('https://mail.example.com/');
  });
});
