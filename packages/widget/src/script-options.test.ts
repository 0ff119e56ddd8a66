import { describe, expect, it } from 'vitest';

import { readScriptOptions } from './script-options.js';

describe('readScriptOptions', () => {
  it('reads every option the script tag can carry', () => {
    expect(
      readScriptOptions({
        relay: 'https://relay.example.com',
        lang: 'en-GB',
        position: 'bottom-left',
        screenshot: 'false',
        debug: '',
        zIndex: '1000',
      }),
    ).toEqual({
      relay: 'https://relay.example.com',
      lang: 'en-GB',
      position: 'bottom-left',
      screenshot: false,
      debug: true,
      zIndex: 1000,
    });
  });

  it('leaves absent attributes out, so they cannot override init options', () => {
    expect(readScriptOptions({ relay: 'https://relay.example.com' })).toEqual({
      relay: 'https://relay.example.com',
    });
  });

  it('reads yes and no in the usual spellings', () => {
    for (const word of ['false', 'no', 'off', '0', ' FALSE ']) {
      expect(readScriptOptions({ screenshot: word }).screenshot).toBe(false);
    }
    for (const word of ['true', 'yes', 'on', '1', '']) {
      expect(readScriptOptions({ screenshot: word }).screenshot).toBe(true);
    }
  });

  it('keeps unreadable values as written, for option checking to report', () => {
    expect(readScriptOptions({ screenshot: 'maybe', zIndex: 'top' })).toEqual({
      screenshot: 'maybe',
      zIndex: 'top',
    });
  });

  it('ignores what a page added to Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.debug = true;
    proto.relay = 'https://evil.example.net';
    try {
      expect(readScriptOptions({ lang: 'en' })).toEqual({ lang: 'en' });
      expect(readScriptOptions({ screenshot: 'constructor' })).toEqual({
        screenshot: 'constructor',
      });
    } finally {
      delete proto.debug;
      delete proto.relay;
    }
  });

  it('ignores attributes it does not know', () => {
    expect(readScriptOptions({ relay: 'https://relay.example.com', theme: 'dark' })).toEqual({
      relay: 'https://relay.example.com',
    });
  });
});
