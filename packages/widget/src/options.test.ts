import { describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from './logger.js';
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
        messages: {},
        zIndex: DEFAULT_Z_INDEX,
        capture: { relay: 'https://relay.example.com/' },
        outbox: {},
      },
    });
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

  it('keeps the words a product team gives for the dialog to lay over its own', () => {
    const result = resolveOptions(
      { relay: 'https://relay.example.com', messages: { send: 'Submit' } },
      fakeLogger(),
      PAGE,
    );

    expect(result.ok && result.options.messages).toEqual({ send: 'Submit' });
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

  it("passes the outbox's bounds on, and ignores an outbox option that is not an object", () => {
    const logger = fakeLogger();
    const bounds = { maxReports: 20, whenFull: 'drop-newest' };

    const given = resolveOptions({ relay: 'https://relay.example.com', outbox: bounds }, logger, PAGE);
    const bad = resolveOptions({ relay: 'https://relay.example.com', outbox: 'small' }, logger, PAGE);

    expect(given.ok && given.options.outbox).toEqual(bounds);
    expect(bad.ok && bad.options.outbox).toEqual({});
    expect(logger.warn).toHaveBeenCalledWith('Ignoring outbox "small"; using {}');
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
