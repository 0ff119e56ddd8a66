import { describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from './logger.js';
import { ENGLISH } from './messages.js';
import { DEFAULT_Z_INDEX, resolveOptions } from './options.js';

const PAGE = 'https://app.example.com/orders/42';

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe('resolveOptions', () => {
  it('applies every default', () => {
    const result = resolveOptions({ relay: 'https://relay.example.com/' }, fakeLogger(), PAGE);

    expect(result).toEqual({
      ok: true,
      options: {
        relay: 'https://relay.example.com',
        screenshot: true,
        position: 'bottom-right',
        launcher: true,
        lang: 'en',
        messages: ENGLISH,
        zIndex: DEFAULT_Z_INDEX,
        capture: { mask: [], imageProxy: false },
        outbox: {},
      },
    });
  });

  it('keeps the screenshot settings a product team gives', () => {
    const result = resolveOptions(
      {
        relay: 'https://relay.example.com',
        mask: ['.iban', '#balance'],
        maskInputTypes: ['number'],
        screenshotQuality: 0.7,
        screenshotMaxBytes: 500_000,
        imageProxy: true,
      },
      fakeLogger(),
      PAGE,
    );

    expect(result.ok && result.options.capture).toEqual({
      mask: ['.iban', '#balance'],
      maskInputTypes: ['number'],
      quality: 0.7,
      maxBytes: 500_000,
      imageProxy: true,
    });
  });

  it('replaces bad screenshot settings by their defaults and says which', () => {
    const logger = fakeLogger();
    const result = resolveOptions(
      {
        relay: 'https://relay.example.com',
        mask: '.iban',
        maskInputTypes: [''],
        screenshotQuality: 2,
        screenshotMaxBytes: -1,
        imageProxy: 'yes',
      },
      logger,
      PAGE,
    );

    expect(result.ok && result.options.capture).toEqual({ mask: [], imageProxy: false });
    expect(logger.warn).toHaveBeenCalledTimes(5);
  });

  it('reads only the options object itself, not what a page added to Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.relay = 'https://evil.example.net';
    proto.position = 'top-middle';
    const logger = fakeLogger();
    try {
      expect(resolveOptions({}, logger, PAGE)).toMatchObject({ ok: false });
      const result = resolveOptions({ relay: 'https://relay.example.com' }, logger, PAGE);
      expect(result.ok && result.options.position).toBe('bottom-right');
      expect(logger.warn).not.toHaveBeenCalled();
    } finally {
      delete proto.relay;
      delete proto.position;
    }
  });

  it('refuses to start without a relay, saying what is missing', () => {
    for (const options of [{}, { relay: '  ' }, { relay: 42 }]) {
      expect(resolveOptions(options, fakeLogger(), PAGE)).toEqual({
        ok: false,
        reason: 'the relay option is required, such as https://relay.example.com',
      });
    }
  });

  it('refuses options that are not an object', () => {
    expect(resolveOptions(null, fakeLogger(), PAGE)).toMatchObject({ ok: false });
    expect(resolveOptions('https://relay.example.com', fakeLogger(), PAGE)).toMatchObject({ ok: false });
  });

  it('refuses a relay that is not http or https', () => {
    expect(resolveOptions({ relay: 'javascript:alert(1)' }, fakeLogger(), PAGE)).toEqual({
      ok: false,
      reason: 'the relay "javascript:alert(1)" must be an http or https URL',
    });
  });

  it('resolves a relay path against the page', () => {
    const result = resolveOptions({ relay: '/hypercare/' }, fakeLogger(), PAGE);

    expect(result.ok && result.options.relay).toBe('https://app.example.com/hypercare');
  });

  it('replaces a bad optional value by its default and says so', () => {
    const logger = fakeLogger();

    const result = resolveOptions(
      { relay: 'https://relay.example.com', position: 'top-left', screenshot: 'maybe', zIndex: 'top' },
      logger,
      PAGE,
    );

    expect(result.ok && result.options).toMatchObject({
      position: 'bottom-right',
      screenshot: true,
      zIndex: DEFAULT_Z_INDEX,
    });
    expect(logger.warn).toHaveBeenCalledWith('Ignoring position "top-left"; using "bottom-right"');
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('falls back to English for a language it has no words for', () => {
    const logger = fakeLogger();

    const result = resolveOptions({ relay: 'https://relay.example.com', lang: 'tlh' }, logger, PAGE);

    expect(result.ok && result.options.lang).toBe('en');
    expect(logger.warn).toHaveBeenCalledWith('No words for language "tlh" yet; using English');
  });

  it("keeps a regional English tag for the dialog's lang attribute", () => {
    const result = resolveOptions({ relay: 'https://relay.example.com', lang: 'en-GB' }, fakeLogger(), PAGE);

    expect(result.ok && result.options.lang).toBe('en-GB');
  });
});
