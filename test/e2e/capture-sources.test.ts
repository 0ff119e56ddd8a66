/**
 * The other sources in real Chromium: one frame from the Screen Capture
 * API (the browser's picker stood in for by a canvas stream, since a test
 * cannot click it), an attached file re-encoded so its metadata stays
 * behind, and which sources the browser offers.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import {
  browserScreenshot,
  captureIn,
  colorDistance,
  mismatchRatio,
  pixelAt,
  setUpCaptureSuite,
} from '../support/capture-harness.js';

const suite = setUpCaptureSuite();
let page: Page;

beforeAll(async () => {
  page = await suite.open('masks.html', { viewport: { width: 600, height: 320 } });
});

/** Makes getDisplayMedia answer with a stream of a solid canvas, as if this tab were shared. */
async function shareFakeTab(page: Page, options: { surface: string; width: number; height: number }) {
  await page.evaluate((fake) => {
    const canvas = document.createElement('canvas');
    canvas.width = fake.width;
    canvas.height = fake.height;
    const context = canvas.getContext('2d')!;
    const paint = () => {
      context.fillStyle = 'rgb(0, 128, 255)';
      context.fillRect(0, 0, canvas.width, canvas.height);
    };
    paint();
    const timer = setInterval(paint, 30);

    const shared = window as unknown as { sharedTracks: MediaStreamTrack[]; hostHidden: boolean[] };
    shared.sharedTracks = [];
    shared.hostHidden = [];
    navigator.mediaDevices.getDisplayMedia = async () => {
      shared.hostHidden.push(document.getElementById('host')!.hidden);
      const stream = canvas.captureStream(30);
      const track = stream.getVideoTracks()[0]!;
      const settings = track.getSettings.bind(track);
      track.getSettings = () => ({ ...settings(), displaySurface: fake.surface });
      track.addEventListener('ended', () => clearInterval(timer));
      shared.sharedTracks.push(track);
      return stream;
    };
  }, options);
}

describe('captureDisplay', () => {
  it('takes one frame and stops sharing at once', async () => {
    await shareFakeTab(page, { surface: 'window', width: 800, height: 500 });

    const shot = await captureIn(page, "capture.captureDisplay({ format: 'png' })");

    expect(shot.diagnostic).toMatchObject({ status: 'captured', source: 'screen', width: 800, height: 500 });
    expect(shot.diagnostic.masked).toBeUndefined();
    expect(colorDistance(pixelAt(shot.image!, 400, 250), [0, 128, 255])).toBeLessThanOrEqual(1);
    const states = await page.evaluate(() =>
      (window as unknown as { sharedTracks: MediaStreamTrack[] }).sharedTracks.map((track) => track.readyState),
    );
    expect(states).toEqual(['ended']);
  });

  it('burns the masks in when the user shared this very tab', async () => {
    await shareFakeTab(page, { surface: 'browser', width: 1200, height: 640 });

    const shot = await captureIn(page, "capture.captureDisplay({ format: 'png', mask: ['.iban'] })");

    // The six masked in page captures, and the email field, whose value a frame cannot swap.
    expect(shot.diagnostic).toMatchObject({ status: 'captured', masked: 7 });
    // The password field at 10,10 CSS pixels, at the frame's ratio of 2.
    expect(colorDistance(pixelAt(shot.image!, 40, 40), [0, 0, 0])).toBe(0);
    expect(colorDistance(pixelAt(shot.image!, 700, 200), [0, 0, 0])).toBe(0);
    expect(colorDistance(pixelAt(shot.image!, 1100, 600), [0, 128, 255])).toBeLessThanOrEqual(1);
  });

  it("hides the widget's host while the frame is taken, and shows it again", async () => {
    await shareFakeTab(page, { surface: 'window', width: 800, height: 500 });

    await captureIn(page, "capture.captureDisplay({ exclude: document.getElementById('host') })");

    // The hidden attribute, as an inline style cannot beat the host's own
    // `all: initial !important`; widget-screen-capture checks the pixels.
    const hidden = await page.evaluate(() => [
      ...(window as unknown as { hostHidden: boolean[] }).hostHidden,
      document.getElementById('host')!.hidden,
    ]);
    expect(hidden).toEqual([true, false]);
  });

  it('says the user declined when they close the picker', async () => {
    await page.evaluate(() => {
      navigator.mediaDevices.getDisplayMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });

    const shot = await captureIn(page, 'capture.captureDisplay()');

    expect(shot.image).toBeUndefined();
    expect(shot.diagnostic).toMatchObject({ status: 'declined', source: 'screen', reason: 'the user shared nothing' });
  });
});

describe("captureDisplay with the browser's own Screen Capture", () => {
  let tabBrowser: Browser;

  beforeAll(async () => {
    // Chromium's switch for tests: share this tab without showing the picker.
    tabBrowser = await launchChromium(['--auto-accept-this-tab-capture']);
  });

  afterAll(async () => {
    await tabBrowser?.close();
  });

  it('takes a frame of this tab as the user sees it', async () => {
    const tab = await tabBrowser.newPage({ viewport: { width: 600, height: 320 }, deviceScaleFactor: 1 });
    await tab.goto(`${suite.servers.origin}/scroll.html`);
    const truth = await browserScreenshot(tab);

    const shot = await captureIn(tab, "capture.captureDisplay({ format: 'png' })");

    expect(shot.diagnostic).toMatchObject({ status: 'captured', source: 'screen', width: 600, height: 320 });
    // Tab capture passes through video colour conversion, which shifts
    // colours a little; where the tiles sit must match exactly.
    expect(mismatchRatio(shot.image!, truth, 48)).toBeLessThan(0.02);
  });

  it('burns the masks of this tab into the frame', async () => {
    const tab = await tabBrowser.newPage({ viewport: { width: 600, height: 320 }, deviceScaleFactor: 1 });
    await tab.goto(`${suite.servers.origin}/masks.html`);

    const shot = await captureIn(tab, "capture.captureDisplay({ format: 'png', mask: ['.iban'] })");

    expect(shot.diagnostic).toMatchObject({ status: 'captured', masked: 7 });
    for (const [x, y] of [[20, 20], [400, 40], [400, 110], [140, 270]]) {
      expect(colorDistance(pixelAt(shot.image!, x!, y!), [0, 0, 0])).toBe(0);
    }
    expect(colorDistance(pixelAt(shot.image!, 400, 270), [0, 120, 255])).toBeLessThanOrEqual(48);
  });
});

describe('readImageFile', () => {
  it('keeps the pixels and leaves EXIF and GPS data behind', async () => {
    const result = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 300;
      canvas.height = 200;
      const context = canvas.getContext('2d')!;
      context.fillStyle = 'rgb(200, 30, 30)';
      context.fillRect(0, 0, 300, 200);
      const jpeg = new Uint8Array(await (await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/jpeg', 0.95))).arrayBuffer());

      // An APP1 segment as cameras write it, carrying a position in plain text.
      const payload = new TextEncoder().encode('Exif\0\0MM\0*\0\0\0\x08GPS 51.5007N 0.1246W serial CAM-1234');
      const app1 = new Uint8Array(4 + payload.length);
      app1.set([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
      app1.set(payload, 4);
      const withExif = new Uint8Array(jpeg.length + app1.length);
      withExif.set(jpeg.subarray(0, 2));
      withExif.set(app1, 2);
      withExif.set(jpeg.subarray(2), 2 + app1.length);

      const file = new File([withExif], 'photo.jpg', { type: 'image/jpeg' });
      const original = new TextDecoder('latin1').decode(withExif);
      const shot = await (window as any).hypercareCapture.readImageFile(file, { format: 'png' });
      const bytes = new TextDecoder('latin1').decode(new Uint8Array(await shot.blob.arrayBuffer()));
      return { hadGps: original.includes('51.5007N'), hasGps: bytes.includes('51.5007N'), hasExif: bytes.includes('Exif'), serial: bytes.includes('CAM-1234'), diagnostic: shot.diagnostic };
    });

    expect(result.hadGps).toBe(true);
    expect(result).toMatchObject({ hasGps: false, hasExif: false, serial: false });
    expect(result.diagnostic).toMatchObject({ status: 'captured', source: 'file', format: 'image/png', width: 300, height: 200 });
  });

  it('draws the attached image as it is', async () => {
    const shot = await captureIn(
      page,
      `(async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 40; canvas.height = 20;
        const context = canvas.getContext('2d');
        context.fillStyle = 'rgb(10, 200, 90)';
        context.fillRect(0, 0, 40, 20);
        const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
        return capture.readImageFile(blob, { format: 'png' });
      })()`,
    );

    expect([shot.width, shot.height]).toEqual([40, 20]);
    expect(colorDistance(pixelAt(shot.image!, 20, 10), [10, 200, 90])).toBe(0);
  });

  it('refuses a file that is not an image, saying so', async () => {
    const shot = await captureIn(page, "capture.readImageFile(new File(['hello'], 'notes.txt', { type: 'text/plain' }))");

    expect(shot.diagnostic).toMatchObject({
      status: 'failed',
      source: 'file',
      reason: 'Failed to read the image: the file is text/plain, not an image',
    });
  });

  it('fails cleanly on an image the browser cannot decode', async () => {
    const shot = await captureIn(page, "capture.readImageFile(new File(['not a png'], 'broken.png', { type: 'image/png' }))");

    expect(shot.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'Failed to read the image: the browser cannot decode it',
    });
  });
});

describe('encodeCanvas in the browser', () => {
  /** Encodes a canvas the page paints, as flat interface colours or as photo-like noise. */
  async function encode(kind: 'flat' | 'noise', options: Record<string, unknown>) {
    return page.evaluate(
      async ({ kind, options }) => {
        const canvas = document.createElement('canvas');
        canvas.width = 800;
        canvas.height = 600;
        const context = canvas.getContext('2d')!;
        if (kind === 'flat') {
          context.fillStyle = '#f4f4f4';
          context.fillRect(0, 0, 800, 600);
          context.fillStyle = '#1d4ed8';
          context.fillRect(40, 40, 300, 60);
        } else {
          const pixels = context.createImageData(800, 600);
          let seed = 7;
          for (let i = 0; i < pixels.data.length; i++) {
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            pixels.data[i] = i % 4 === 3 ? 255 : seed & 0xff;
          }
          context.putImageData(pixels, 0, 0);
        }
        const encode = (type: string, quality?: number) =>
          new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), type, quality));
        const png = await encode('image/png');
        const webp = await encode('image/webp', 0.9);
        const image = await (window as any).hypercareCapture.encodeCanvas(canvas, options);
        return {
          type: image.blob.type,
          bytes: image.blob.size,
          width: image.width,
          height: image.height,
          pngBytes: png.size,
          webpBytes: webp.size,
        };
      },
      { kind, options },
    );
  }

  it.each(['flat', 'noise'] as const)('keeps the smaller of WebP and PNG for %s pixels', async (kind) => {
    const image = await encode(kind, {});

    expect(image.bytes).toBe(Math.min(image.pngBytes, image.webpBytes));
    expect(image.type).toBe(image.pngBytes <= image.webpBytes ? 'image/png' : 'image/webp');
    expect([image.width, image.height]).toEqual([800, 600]);
  });

  it('writes PNG alone when asked, for lossless pictures', async () => {
    const image = await encode('noise', { format: 'png' });

    expect(image).toMatchObject({ type: 'image/png', bytes: image.pngBytes });
  });

  it('steps quality and size down until the image fits the byte limit', async () => {
    const image = await encode('noise', { maxBytes: 60_000 });

    expect(image.bytes).toBeLessThanOrEqual(60_000);
    expect(image.width).toBeLessThan(800);
    expect(image.width / image.height).toBeCloseTo(800 / 600, 1);
  });
});

describe('availableSources', () => {
  it('offers the page, the screen and a file on a desktop browser', async () => {
    expect(await page.evaluate(() => (window as any).hypercareCapture.availableSources())).toEqual(['page', 'screen', 'file']);
  });

  it('offers no screen in a frame whose permissions policy forbids display-capture', async () => {
    const sources = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.setAttribute('allow', "display-capture 'none'");
      frame.srcdoc = '<p>embedded</p>';
      document.body.append(frame);
      await new Promise((done) => frame.addEventListener('load', done, { once: true }));
      return (window as any).hypercareCapture.availableSources(frame.contentWindow);
    });

    expect(sources).toEqual(['page', 'file']);
  });

  it('offers no screen on a phone', async () => {
    const phone = await suite.open('masks.html', {
      viewport: { width: 390, height: 700 },
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
    });

    expect(await phone.evaluate(() => (window as any).hypercareCapture.availableSources())).toEqual(['page', 'file']);
  });
});
