/**
 * Privacy before pixels, in real Chromium: masked elements, password
 * fields (in shadow roots too) and fields browsers fill with secrets are
 * black in the image; values of masked input types are asterisks; nothing
 * of them survives in the encoded file.
 */
import type { Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  captureIn,
  type CaptureOutcome,
  colorDistance,
  pixelAt,
  setUpCaptureSuite,
} from '../support/capture-harness.js';

const BLACK = [0, 0, 0];
const INK = [220, 0, 0];

const suite = setUpCaptureSuite();
let page: Page;
let truth: PNG;
let shot: CaptureOutcome;

beforeAll(async () => {
  ({ page, truth, shot } = await suite.openAndCapture(
    'masks.html',
    { viewport: { width: 600, height: 320 } },
    "capture.captureScreenshot({ format: 'png', mask: ['.iban'] })",
  ));
});

describe('a page with private content', () => {
  it.each([
    ['a password field', { left: 10, top: 10, width: 260, height: 40 }],
    ['an element marked data-hypercare-mask', { left: 300, top: 10, width: 200, height: 60 }],
    ['an element named by a configured selector', { left: 300, top: 90, width: 200, height: 40 }],
    ['a field marked autocomplete=current-password', { left: 10, top: 190, width: 260, height: 40 }],
    ["a password field in a web component's shadow root", { left: 10, top: 250, width: 260, height: 40 }],
  ])('blacks out %s entirely', (_name, box) => {
    expect(share(shot.image!, box, (pixel) => colorDistance(pixel, BLACK) === 0)).toBe(1);
  });

  it('hides text that spills out of a masked element', () => {
    const spill = { left: 345, top: 150, width: 240, height: 40 };
    expect(share(truth, spill, (pixel) => colorDistance(pixel, [0, 0, 200]) < 60)).toBeGreaterThan(0.05);
    expect(share(shot.image!, spill, (pixel) => colorDistance(pixel, [0, 0, 200]) < 60)).toBe(0);
  });

  it('shows email values as asterisks, and other text as it is', () => {
    const email = { left: 12, top: 72, width: 256, height: 36 };
    const name = { left: 12, top: 132, width: 256, height: 36 };
    const inkOf = (image: PNG, box: typeof email) => share(image, box, (pixel) => colorDistance(pixel, INK) < 60);

    expect(inkOf(shot.image!, email)).toBeGreaterThan(0.02);
    expect(inkOf(shot.image!, email)).toBeLessThan(inkOf(truth, email) * 0.7);
    expect(inkOf(shot.image!, name)).toBeGreaterThan(inkOf(truth, name) * 0.8);
  });

  it('leaves public content alone', () => {
    expect(colorDistance(pixelAt(shot.image!, 400, 270), [0, 120, 255])).toBeLessThanOrEqual(1);
  });

  it('counts the regions it masked', () => {
    expect(shot.diagnostic).toMatchObject({ status: 'captured', masked: 6 });
  });

  it('leaves the page and its fields untouched', async () => {
    const values = await page.evaluate(() => [
      (document.getElementById('email') as HTMLInputElement).value,
      (document.getElementById('password') as HTMLInputElement).value,
      document.getElementById('overflow')!.style.visibility,
      document.querySelectorAll('style').length,
    ]);
    expect(values).toEqual(['WWWWWWWWWWWWW', 'hunter2hunter2', '', 1]);
  });

  it('masks an element where it is when the page is copied, even if it moved while images loaded', async () => {
    const moving = await suite.open('masks.html', { viewport: { width: 600, height: 320 } });
    const shot = await captureIn(
      moving,
      `(async () => {
        const slow = document.createElement('img');
        slow.src = '${suite.servers.other}/slow/red.png';
        slow.style.cssText = 'position:absolute;left:550px;top:0;width:20px;height:20px';
        document.body.append(slow);
        const capturing = capture.captureScreenshot({ format: 'png' });
        setTimeout(() => { document.getElementById('balance').style.left = '80px'; document.getElementById('balance').style.top = '250px'; }, 150);
        return capturing;
      })()`,
    );

    expect(shot.diagnostic.durationMs).toBeGreaterThan(500);
    expect(share(shot.image!, { left: 80, top: 250, width: 200, height: 60 }, (p) => colorDistance(p, BLACK) === 0)).toBe(1);
    expect(share(shot.image!, { left: 300, top: 10, width: 200, height: 60 }, (p) => colorDistance(p, [255, 220, 0]) < 8)).toBe(0);
  });

  it('refuses to capture rather than send an unmasked image when a selector is invalid', async () => {
    const bad = await captureIn(page, "capture.captureScreenshot({ mask: ['.iban', '##nope'] })");

    expect(bad.image).toBeUndefined();
    expect(bad.diagnostic).toMatchObject({
      status: 'failed',
      reason: 'Failed to mask the screenshot: "##nope" is not a CSS selector',
    });
  });

  it('masks no input values when the product turns it off, but still every password', async () => {
    const open = await captureIn(page, "capture.captureScreenshot({ format: 'png', maskInputTypes: [] })");
    const email = { left: 12, top: 72, width: 256, height: 36 };
    const inkOf = (image: PNG) => share(image, email, (pixel) => colorDistance(pixel, INK) < 60);

    expect(inkOf(open.image!)).toBeGreaterThan(inkOf(truth) * 0.8);
    expect(share(open.image!, { left: 10, top: 10, width: 260, height: 40 }, (p) => colorDistance(p, BLACK) === 0)).toBe(1);
  });
});

/** The share of pixels in `box` for which `test` holds. */
function share(
  image: PNG,
  box: { left: number; top: number; width: number; height: number },
  test: (pixel: number[]) => boolean,
): number {
  let hits = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      if (test(pixelAt(image, x, y))) hits++;
    }
  }
  return hits / (box.width * box.height);
}
