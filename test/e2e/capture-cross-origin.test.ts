/**
 * Images, backgrounds and SVG sprites from another loopback origin, with
 * and without CORS headers: the canvas is never tainted, clean ones are
 * drawn, and the rest become grey placeholders of the same size, named in
 * the diagnostic.
 */
import type { Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoServer, type DemoServer } from '../support/demo-server.js';

import {
  captureIn,
  type CaptureOutcome,
  colorDistance,
  pixelAt,
  setUpCaptureSuite,
} from '../support/capture-harness.js';

const PLACEHOLDER = [204, 204, 204];

const suite = setUpCaptureSuite();
let page: Page;
let truth: PNG;
let shot: CaptureOutcome;

beforeAll(async () => {
  ({ page, truth, shot } = await suite.openAndCapture(
    'cross-origin.html',
    { viewport: { width: 420, height: 420 } },
    "capture.captureScreenshot({ format: 'png' })",
    // The page's script taints its canvas once its image arrives.
    'networkidle',
  ));
});

describe('a page with cross-origin resources', () => {
  it('is captured without a tainted canvas', () => {
    expect(shot.diagnostic).toMatchObject({ status: 'captured' });
    expect(shot.image).toBeDefined();
  });

  it("is not tainted by a canvas the page tainted itself", async () => {
    const pageTainted = await page.evaluate(() => {
      try {
        (document.getElementById('tainted') as HTMLCanvasElement).toDataURL();
        return false;
      } catch {
        return true;
      }
    });
    expect(pageTainted).toBe(true);
    expect(shot.diagnostic.status).toBe('captured');
  });

  it('draws images and backgrounds served with CORS headers', () => {
    expect(colorDistance(pixelAt(shot.image!, 50, 50), [255, 0, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 50, 150), [0, 160, 0])).toBeLessThanOrEqual(2);
  });

  it('draws a placeholder of the same size for each image without CORS', () => {
    for (const [x, y] of [[150, 50], [350, 50], [150, 150]] as const) {
      expect(colorDistance(pixelAt(shot.image!, x, y), PLACEHOLDER)).toBe(0);
      expect(colorDistance(pixelAt(shot.image!, x - 38, y - 38), PLACEHOLDER)).toBe(0);
      expect(colorDistance(pixelAt(shot.image!, x + 38, y + 38), PLACEHOLDER)).toBe(0);
    }
    expect(colorDistance(pixelAt(shot.image!, 108, 50), [255, 255, 255])).toBe(0);
    expect(colorDistance(pixelAt(shot.image!, 150, 10 + 80 + 2), [255, 255, 255])).toBe(0);
  });

  it('draws a placeholder where an image did not load at all', () => {
    expect(colorDistance(pixelAt(shot.image!, 250, 50), PLACEHOLDER)).toBe(0);
  });

  it("draws SVG sprites from the page's own files and its own markup", () => {
    expect(colorDistance(pixelAt(truth, 50, 250), [0, 170, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 50, 250), [0, 170, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 350, 250), [255, 0, 255])).toBeLessThanOrEqual(2);
  });

  it('draws nothing for sprites of another origin, with or without CORS, as the browser does', () => {
    for (const x of [150, 250]) {
      expect(colorDistance(pixelAt(truth, x, 250), [255, 255, 255])).toBe(0);
      expect(colorDistance(pixelAt(shot.image!, x, 250), [255, 255, 255])).toBe(0);
    }
  });

  it('draws a placeholder for a sprite of its own origin that cannot be fetched', () => {
    expect(colorDistance(pixelAt(shot.image!, 50, 350), PLACEHOLDER)).toBe(0);
  });

  it('draws a placeholder where a frame from another origin shows its page', () => {
    expect(colorDistance(pixelAt(truth, 350, 150), [255, 128, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 350, 150), PLACEHOLDER)).toBe(0);
    expect(shot.diagnostic.unrendered).toContainEqual({
      kind: 'frame',
      source: `${suite.servers.other}/plain/frame.html`,
      reason: 'another origin',
    });
  });

  it('names what it could not draw, without query strings', () => {
    const unrendered = shot.diagnostic.unrendered as Array<{ kind: string; source: string; reason: string }>;
    const sources = unrendered.filter((entry) => entry.kind === 'image' || entry.kind === 'background').map((entry) => `${entry.kind} ${entry.source.replace(suite.servers.other, '')}`);

    expect(sources.sort()).toEqual([
      'background /plain/purple.png',
      'image /plain/blue.png',
      'image /plain/missing.png',
      'image /plain/orange.png',
    ]);
    expect(unrendered.filter((entry) => entry.kind === 'svg').map((entry) => entry.source)).toEqual([
      `${suite.servers.origin}/missing-sprite.svg`,
    ]);
    expect(unrendered.find((entry) => entry.source.endsWith('blue.png'))?.reason).toBe('no CORS headers');
    expect(unrendered.find((entry) => entry.source.endsWith('missing.png'))?.reason).toBe('did not load');
  });

  it('leaves the page itself as it was', async () => {
    const images = await page.evaluate(() =>
      [...document.images].map((image) => image.getAttribute('src')!.replace(/^.*\/\/[^/]+/, '')),
    );
    expect(images).toEqual(['/cors/red.png', '/plain/blue.png', '/plain/missing.png', '/plain/orange.png']);
  });
});

describe("the relay's image proxy", () => {
  let relay: DemoServer;

  beforeAll(async () => {
    const otherHost = new URL(suite.servers.other).host;
    relay = await startDemoServer({ HYPERCARE_IMAGE_PROXY_HOSTS: otherHost });
  });

  afterAll(async () => {
    await relay?.stop();
  });

  it('draws images and backgrounds without CORS headers through it, cleanly', async () => {
    const proxied = await captureIn(
      page,
      `capture.captureScreenshot({ format: 'png', imageProxy: '${relay.url}/v1/image-proxy' })`,
    );

    expect(proxied.diagnostic.status).toBe('captured');
    expect(colorDistance(pixelAt(proxied.image!, 150, 50), [0, 0, 255])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(proxied.image!, 350, 50), [255, 128, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(proxied.image!, 150, 150), [128, 0, 128])).toBeLessThanOrEqual(2);
    const unrendered = proxied.diagnostic.unrendered as Array<{ source: string }>;
    expect(unrendered.map((entry) => entry.source.replace(suite.servers.other, ''))).toEqual(
      expect.arrayContaining(['/plain/missing.png']),
    );
    expect(unrendered.some((entry) => entry.source.endsWith('blue.png'))).toBe(false);
  });
});

