import { describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import { readCaptureSettings, toCaptureOptions } from './capture-settings.js';

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe('readCaptureSettings', () => {
  it('keeps the screenshot settings a product team gives', () => {
    const settings = readCaptureSettings({
      relay: 'https://relay.example.com',
      mask: ['.iban', '#balance'],
      maskInputTypes: ['number'],
      screenshotQuality: 0.7,
      screenshotMaxBytes: 500_000,
      imageProxy: true,
    });

    expect(settings).toEqual({
      mask: ['.iban', '#balance'],
      maskInputTypes: ['number'],
      quality: 0.7,
      maxBytes: 500_000,
      imageProxy: true,
    });
  });

  it('replaces bad settings by their defaults and says which', () => {
    const logger = fakeLogger();

    const settings = readCaptureSettings(
      { mask: '.iban', maskInputTypes: [''], screenshotQuality: 2, screenshotMaxBytes: -1, imageProxy: 'yes' },
      logger,
    );

    expect(settings).toEqual({ mask: [], imageProxy: false });
    expect(logger.warn).toHaveBeenCalledTimes(5);
    expect(logger.warn).toHaveBeenCalledWith('Ignoring mask ".iban"; using []');
  });
});

describe('toCaptureOptions', () => {
  it("points the image proxy at the relay's route when the product turns it on", () => {
    const options = toCaptureOptions({
      relay: 'https://relay.example.com',
      capture: { mask: ['.iban'], imageProxy: true, screenshotQuality: 0.5, screenshotMaxBytes: 1000 },
    });

    expect(options).toEqual({
      mask: ['.iban'],
      quality: 0.5,
      maxBytes: 1000,
      imageProxy: 'https://relay.example.com/v1/image-proxy',
    });
  });

  it('leaves unset settings to the capture defaults and the proxy off', () => {
    expect(toCaptureOptions({ relay: 'https://relay.example.com' })).toEqual({ mask: [] });
  });

  it("warns through the widget's logger", () => {
    const logger = fakeLogger();

    toCaptureOptions({ relay: 'https://relay.example.com', capture: { mask: 3 }, logger });

    expect(logger.warn).toHaveBeenCalledWith('Ignoring mask 3; using []');
  });
});
