import { MAX_ATTACHMENT_BYTES } from '@hypercare/shared';
import { describe, expect, it, vi } from 'vitest';

import {
  captureScreenshot,
  DEFAULT_MAX_PIXELS,
  pickScale,
  type CaptureEngine,
} from './capture-screenshot.js';

const ROOT = { tagName: 'HTML' } as unknown as HTMLElement;

function fakeWindow(overrides: Partial<Window> = {}): Window {
  return {
    innerWidth: 1280,
    innerHeight: 720,
    scrollX: 0,
    scrollY: 900,
    devicePixelRatio: 2,
    document: { documentElement: ROOT },
    ...overrides,
  } as unknown as Window;
}

function fakeCanvas(blob: Blob | null): HTMLCanvasElement {
  return { toBlob: (done: BlobCallback) => done(blob) } as unknown as HTMLCanvasElement;
}

function engineReturning(blob: Blob | null) {
  return vi.fn<CaptureEngine>(async () => fakeCanvas(blob));
}

const PNG = new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' });

describe('captureScreenshot', () => {
  it('draws the viewport at its current scroll at the device pixel ratio', async () => {
    const engine = engineReturning(PNG);

    const result = await captureScreenshot({ window: fakeWindow(), loadEngine: async () => engine });

    expect(result.blob).toBe(PNG);
    expect(result.diagnostic).toMatchObject({ status: 'captured' });
    expect(result.diagnostic.durationMs).toBeGreaterThanOrEqual(0);
    const [element, options] = engine.mock.calls[0]!;
    expect(element).toBe(ROOT);
    expect(options).toMatchObject({ x: 0, y: 900, width: 1280, height: 720, scale: 2, logging: false });
  });

  it('leaves out the excluded element and nothing that merely looks like it', async () => {
    const engine = engineReturning(PNG);
    const host = { id: 'widget' } as unknown as Element;
    const lookalike = { id: 'widget' } as unknown as Element;

    await captureScreenshot({ exclude: host, window: fakeWindow(), loadEngine: async () => engine });

    const ignore = engine.mock.calls[0]![1].ignoreElements!;
    expect(ignore(host)).toBe(true);
    expect(ignore(lookalike)).toBe(false);
  });

  it('lowers the scale on large screens so the picture stays bounded', async () => {
    const engine = engineReturning(PNG);
    const win = fakeWindow({ innerWidth: 2560, innerHeight: 1440, devicePixelRatio: 3 });

    await captureScreenshot({ window: win, loadEngine: async () => engine });

    const scale = engine.mock.calls[0]![1].scale!;
    expect(2560 * 1440 * scale * scale).toBeLessThanOrEqual(DEFAULT_MAX_PIXELS + 1);
    expect(scale).toBeLessThan(3);
  });

  it('never throws when html2canvas rejects', async () => {
    const engine = vi.fn<CaptureEngine>(async () => Promise.reject(new Error('Unable to find element in cloned iframe')));

    const result = await captureScreenshot({ window: fakeWindow(), loadEngine: async () => engine });

    expect(result.blob).toBeUndefined();
    expect(result.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'Unable to find element in cloned iframe',
    });
  });

  it('never throws when html2canvas rejects with a bare string', async () => {
    const engine = vi.fn<CaptureEngine>(() => Promise.reject('Invalid element provided as first argument'));

    const result = await captureScreenshot({ window: fakeWindow(), loadEngine: async () => engine });

    expect(result.diagnostic).toMatchObject({ status: 'failed', reason: 'Invalid element provided as first argument' });
  });

  it('never throws when html2canvas cannot be loaded', async () => {
    const result = await captureScreenshot({
      window: fakeWindow(),
      loadEngine: () => Promise.reject(new Error('Failed to fetch dynamically imported module')),
    });

    expect(result.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'Failed to fetch dynamically imported module',
    });
  });

  it('fails when the browser cannot encode the picture', async () => {
    const result = await captureScreenshot({
      window: fakeWindow(),
      loadEngine: async () => engineReturning(null),
    });

    expect(result.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'the browser could not encode the picture as PNG',
    });
  });

  it("fails a picture over the relay's attachment limit", async () => {
    const huge = new Blob([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], { type: 'image/png' });

    const result = await captureScreenshot({
      window: fakeWindow(),
      loadEngine: async () => engineReturning(huge),
    });

    expect(result.blob).toBeUndefined();
    expect(result.diagnostic.reason).toMatch(/over the limit of 8388608/);
  });

  it('gives up on a page that takes too long to draw', async () => {
    const engine = vi.fn<CaptureEngine>(() => new Promise(() => {}));

    const result = await captureScreenshot({
      window: fakeWindow(),
      timeoutMs: 20,
      loadEngine: async () => engine,
    });

    expect(result.diagnostic).toMatchObject({ status: 'failed', reason: 'took longer than 20 ms' });
  });
});

describe('pickScale', () => {
  it('keeps the device pixel ratio on ordinary screens', () => {
    expect(pickScale(2, 1280 * 720)).toBe(2);
  });

  it('falls back to 1 when the ratio is unknown', () => {
    expect(pickScale(0, 1280 * 720)).toBe(1);
  });

  it('caps the total pixels', () => {
    expect(pickScale(4, 1_000_000, 4_000_000)).toBe(2);
  });
});
