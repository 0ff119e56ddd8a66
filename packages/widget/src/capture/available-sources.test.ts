import { describe, expect, it } from 'vitest';

import { availableSources } from './available-sources.js';

const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36';

function fakeWindow(overrides: {
  secure?: boolean;
  getDisplayMedia?: unknown;
  userAgent?: string;
  platform?: string;
  maxTouchPoints?: number;
  allows?: boolean;
} = {}): Window {
  return {
    isSecureContext: overrides.secure ?? true,
    createImageBitmap: () => {},
    navigator: {
      mediaDevices: { getDisplayMedia: 'getDisplayMedia' in overrides ? overrides.getDisplayMedia : () => {} },
      userAgent: overrides.userAgent ?? DESKTOP,
      platform: overrides.platform ?? 'Linux x86_64',
      maxTouchPoints: overrides.maxTouchPoints ?? 0,
    },
    document: overrides.allows === undefined ? {} : { featurePolicy: { allowsFeature: () => overrides.allows } },
  } as unknown as Window;
}

describe('availableSources', () => {
  it('offers every source on a desktop browser in a secure context', () => {
    expect(availableSources(fakeWindow())).toEqual(['page', 'screen', 'file']);
  });

  it('offers no screen outside a secure context', () => {
    expect(availableSources(fakeWindow({ secure: false }))).toEqual(['page', 'file']);
  });

  it('offers no screen where the browser has no getDisplayMedia', () => {
    expect(availableSources(fakeWindow({ getDisplayMedia: undefined }))).toEqual(['page', 'file']);
  });

  it('offers no screen when the permissions policy forbids display-capture', () => {
    expect(availableSources(fakeWindow({ allows: false }))).toEqual(['page', 'file']);
    expect(availableSources(fakeWindow({ allows: true }))).toEqual(['page', 'screen', 'file']);
  });

  it('offers no screen on an iPad that says it is a Mac', () => {
    const ipad = fakeWindow({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 5 });
    expect(availableSources(ipad)).toEqual(['page', 'file']);
  });

  it('offers no screen on an Android phone', () => {
    const phone = fakeWindow({ userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36' });
    expect(availableSources(phone)).toEqual(['page', 'file']);
  });
});
