import { describe, expect, it } from 'vitest';

import { toCaptureOptions } from './capture-settings.js';

describe('toCaptureOptions', () => {
  it("points the image proxy at the relay's route when the product turns it on", () => {
    const options = toCaptureOptions({
      relay: 'https://relay.example.com',
      capture: { mask: ['.iban'], imageProxy: true, quality: 0.5, maxBytes: 1000 },
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
});
