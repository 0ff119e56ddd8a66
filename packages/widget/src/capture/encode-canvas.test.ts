import { MAX_ATTACHMENT_BYTES } from '@hypercare/shared';
import { describe, expect, it } from 'vitest';

import { encodeCanvas } from './encode-canvas.js';

interface Call {
  type: string;
  quality?: number;
  width: number;
}

/**
 * A canvas whose encoder makes blobs sized by `size(type, quality, width)`,
 * recording each call; `shrink` draws onto another such canvas.
 */
function fakeCanvas(
  size: (type: string, quality: number | undefined, width: number) => number,
  calls: Call[] = [],
  width = 1000,
  height = 500,
): HTMLCanvasElement {
  const canvas = {
    width,
    height,
    ownerDocument: {
      createElement: () => {
        const smaller = fakeCanvas(size, calls, 0, 0);
        return smaller;
      },
    },
    getContext: () => ({ drawImage() {}, imageSmoothingQuality: 'low' }),
    toBlob(done: BlobCallback, type: string, quality?: number) {
      calls.push({ type, quality, width: canvas.width });
      done(new Blob([new Uint8Array(size(type, quality, canvas.width))], { type }));
    },
  };
  return canvas as unknown as HTMLCanvasElement;
}

describe('encodeCanvas', () => {
  it('keeps WebP when it is smaller than PNG', async () => {
    const canvas = fakeCanvas((type) => (type === 'image/webp' ? 100 : 400));

    const image = await encodeCanvas(canvas);

    expect(image).toMatchObject({ format: 'image/webp', width: 1000, height: 500 });
    expect(image.blob.size).toBe(100);
  });

  it('keeps PNG when it is smaller, as for flat interfaces', async () => {
    const canvas = fakeCanvas((type) => (type === 'image/webp' ? 400 : 100));

    const image = await encodeCanvas(canvas);

    expect(image.format).toBe('image/png');
  });

  it('passes the quality asked for to the WebP encoder', async () => {
    const calls: Call[] = [];
    await encodeCanvas(fakeCanvas(() => 10, calls), { quality: 0.6 });

    expect(calls[0]).toMatchObject({ type: 'image/webp', quality: 0.6 });
  });

  it('lowers the quality before it lowers the size', async () => {
    const calls: Call[] = [];
    const canvas = fakeCanvas((type, quality) => (type === 'image/webp' && quality! < 0.8 ? 900 : 5000), calls);

    const image = await encodeCanvas(canvas, { maxBytes: 1000 });

    expect(image).toMatchObject({ format: 'image/webp', width: 1000 });
    expect(calls.map((call) => call.quality)).toContain(0.75);
  });

  it('scales the picture down until it fits', async () => {
    const canvas = fakeCanvas((_type, _quality, width) => width * 10);

    const image = await encodeCanvas(canvas, { maxBytes: 4000 });

    expect(image.blob.size).toBeLessThanOrEqual(4000);
    expect(image.width).toBeLessThan(1000);
    expect(image.width / image.height).toBeCloseTo(2, 1);
  });

  it('gives up when even a tiny picture is too large', async () => {
    const canvas = fakeCanvas(() => 10_000);

    await expect(encodeCanvas(canvas, { maxBytes: 10 })).rejects.toThrow(
      'Failed to encode the screenshot: it stays over 10 bytes even when made small',
    );
  });

  it("never goes over the relay's attachment limit, whatever is asked", async () => {
    const canvas = fakeCanvas((_type, _quality, width) => (width >= 1000 ? MAX_ATTACHMENT_BYTES + 1 : 10));

    const image = await encodeCanvas(canvas, { maxBytes: MAX_ATTACHMENT_BYTES * 4 });

    expect(image.blob.size).toBe(10);
  });

  it('encodes PNG only when asked to', async () => {
    const calls: Call[] = [];
    const image = await encodeCanvas(fakeCanvas(() => 10, calls), { format: 'png' });

    expect(image.format).toBe('image/png');
    expect(calls.map((call) => call.type)).toEqual(['image/png']);
  });
});
