import { describe, expect, it } from 'vitest';

import { sniffImageType } from './image-type.js';
import { JPEG_BYTES, PNG_BYTES } from './testing/fixtures.js';

const WEBP_HEADER = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');

describe('sniffImageType', () => {
  it('recognises PNG, JPEG and WebP by their signatures', () => {
    expect(sniffImageType(PNG_BYTES)).toBe('image/png');
    expect(sniffImageType(JPEG_BYTES)).toBe('image/jpeg');
    expect(sniffImageType(WEBP_HEADER)).toBe('image/webp');
  });

  it('refuses other RIFF files, truncated headers and text', () => {
    const wav = new TextEncoder().encode('RIFF\x24\x00\x00\x00WAVEfmt ');

    expect(sniffImageType(wav)).toBeUndefined();
    expect(sniffImageType(PNG_BYTES.subarray(0, 7))).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('<svg>'))).toBeUndefined();
    expect(sniffImageType(new Uint8Array())).toBeUndefined();
  });
});
