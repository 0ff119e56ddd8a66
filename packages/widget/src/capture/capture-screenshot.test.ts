import { describe, expect, it, vi } from 'vitest';

import {
  captureScreenshot,
  DEFAULT_MAX_PIXELS,
  MAX_CANVAS_SIDE,
  measureArea,
  pickScale,
} from './capture-screenshot.js';
import type { RenderedPage, RenderPageOptions } from './page/render-page.js';

function fakeWindow(overrides: Record<string, unknown> = {}): Window {
  return {
    innerWidth: 1280,
    innerHeight: 720,
    scrollX: 40,
    scrollY: 900,
    devicePixelRatio: 2,
    document: {
      documentElement: { scrollWidth: 1500, scrollHeight: 5000 },
      body: { scrollWidth: 1500, scrollHeight: 5000 },
    },
    ...overrides,
  } as unknown as Window;
}

/** A canvas whose encoder answers with blobs of the given sizes by type. */
function fakeCanvas(sizes: Record<string, number | null>, width = 100, height = 50) {
  return {
    width,
    height,
    toBlob(done: BlobCallback, type: string) {
      const size = sizes[type];
      done(size === null || size === undefined ? null : new Blob([new Uint8Array(size)], { type }));
    },
  } as unknown as HTMLCanvasElement;
}

function rendererReturning(page: Partial<RenderedPage>) {
  const render = vi.fn(async (_options: RenderPageOptions) => ({
    canvas: fakeCanvas({ 'image/png': 300, 'image/webp': 200 }),
    masked: 0,
    approximated: 0,
    unrendered: [],
    ...page,
  }));
  return { render, loadRenderer: async () => render };
}

describe('captureScreenshot', () => {
  it('draws the viewport at its scroll at the device pixel ratio', async () => {
    const { render, loadRenderer } = rendererReturning({});

    const result = await captureScreenshot({ window: fakeWindow(), loadRenderer });

    expect(render.mock.calls[0]![0]).toMatchObject({
      area: { x: 40, y: 900, width: 1280, height: 720 },
      scale: 2,
    });
    expect(result).toMatchObject({ width: 100, height: 50 });
    expect(result.blob?.type).toBe('image/webp');
    expect(result.diagnostic).toMatchObject({
      status: 'captured',
      source: 'page',
      format: 'image/webp',
      bytes: 200,
      masked: 0,
    });
  });

  it('passes the privacy options and the widget host on to the renderer', async () => {
    const { render, loadRenderer } = rendererReturning({});
    const host = {} as Element;

    await captureScreenshot({
      window: fakeWindow(),
      loadRenderer,
      exclude: host,
      mask: ['.iban'],
      maskInputTypes: ['number'],
      imageProxy: 'https://relay.example/v1/image-proxy',
    });

    expect(render.mock.calls[0]![0]).toMatchObject({
      exclude: host,
      mask: ['.iban'],
      maskInputTypes: ['number'],
      imageProxy: 'https://relay.example/v1/image-proxy',
    });
  });

  it('reports what the renderer could not draw and the colours it approximated', async () => {
    const unrendered = [{ kind: 'image' as const, source: 'https://cdn.example/a.png', reason: 'no CORS headers' }];
    const { loadRenderer } = rendererReturning({ masked: 3, approximated: 7, unrendered });

    const result = await captureScreenshot({ window: fakeWindow(), loadRenderer });

    expect(result.diagnostic).toMatchObject({ masked: 3, approximated: 7, unrendered });
  });

  it('never throws when the renderer rejects with a bare string', async () => {
    const result = await captureScreenshot({
      window: fakeWindow(),
      loadRenderer: async () => () => Promise.reject('Unable to find element in cloned iframe'),
    });

    expect(result).toMatchObject({ width: 0, height: 0 });
    expect(result.blob).toBeUndefined();
    expect(result.diagnostic).toMatchObject({
      status: 'failed',
      source: 'page',
      reason: 'Unable to find element in cloned iframe',
    });
  });

  it('never throws when the renderer cannot be loaded', async () => {
    const result = await captureScreenshot({
      window: fakeWindow(),
      loadRenderer: () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
    });

    expect(result.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'Failed to fetch dynamically imported module',
    });
  });

  it('fails when the browser cannot encode the picture', async () => {
    const { loadRenderer } = rendererReturning({ canvas: fakeCanvas({}) });

    const result = await captureScreenshot({ window: fakeWindow(), loadRenderer });

    expect(result.diagnostic.reason).toBe('Failed to encode the screenshot: the browser gave no image/webp');
  });

  it('gives up on a page that takes too long to draw', async () => {
    const result = await captureScreenshot({
      window: fakeWindow(),
      timeoutMs: 20,
      loadRenderer: async () => () => new Promise(() => {}),
    });

    expect(result.diagnostic).toMatchObject({ status: 'failed', reason: 'took longer than 20 ms' });
  });
});

describe('measureArea', () => {
  it('takes the viewport at its scroll', () => {
    expect(measureArea(fakeWindow(), 'viewport')).toEqual({ x: 40, y: 900, width: 1280, height: 720 });
  });

  it('takes the whole scrollable page from its top left', () => {
    expect(measureArea(fakeWindow(), 'page')).toEqual({ x: 0, y: 0, width: 1500, height: 5000 });
  });
});

describe('pickScale', () => {
  it('keeps the pixel ratio on ordinary screens', () => {
    expect(pickScale(2, { width: 1280, height: 720 })).toBe(2);
  });

  it('falls back to 1 when the ratio is unknown', () => {
    expect(pickScale(0, { width: 1280, height: 720 })).toBe(1);
    expect(pickScale(Number.NaN, { width: 1280, height: 720 })).toBe(1);
  });

  it('caps the total pixels', () => {
    expect(pickScale(4, { width: 1000, height: 1000 }, 4_000_000)).toBe(2);
    const scale = pickScale(3, { width: 2560, height: 1440 });
    expect(2560 * 1440 * scale * scale).toBeLessThanOrEqual(DEFAULT_MAX_PIXELS + 1);
    expect(pickScale(2, { width: 1920, height: 1080 })).toBe(2);
  });

  it('keeps each side of a very tall page within what a canvas can draw', () => {
    const scale = pickScale(1, { width: 1000, height: 400_000 }, 1e12);
    expect(400_000 * scale).toBeLessThanOrEqual(MAX_CANVAS_SIDE);
  });
});
