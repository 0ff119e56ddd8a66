/**
 * Pages whose layout html2canvas often gets wrong, compared pixel by pixel
 * with Chromium's own screenshot: scrolled pages and containers, fixed and
 * sticky elements, transforms, the top layer (modal dialogs and popovers),
 * pages past canvas limits, and high pixel ratios.
 */
import type { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import {
  browserScreenshot,
  captureIn,
  colorDistance,
  countColors,
  mismatchRatio,
  pixelAt,
  setUpCaptureSuite,
} from '../support/capture-harness.js';

const suite = setUpCaptureSuite();
const PNG_CAPTURE = "capture.captureScreenshot({ format: 'png' })";

describe('a page scrolled down and right', () => {
  it('is captured as the user sees it, and stays where it was', async () => {
    const page = await suite.open('scroll.html', { viewport: { width: 500, height: 400 } });
    await page.evaluate(() => window.scrollTo(1234, 1567));
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(shot.diagnostic.status).toBe('captured');
    expect(mismatchRatio(shot.image!, truth)).toBeLessThan(0.01);
    expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([1234, 1567]);
  });

  it('shows a scrolled inner container at its scroll, and leaves it there', async () => {
    const page = await suite.open('scroll.html', { viewport: { width: 500, height: 400 } });
    await page.evaluate(() => {
      window.scrollTo(600, 1500);
      const box = document.getElementById('box')!;
      box.scrollTop = 250;
      box.scrollLeft = 120;
    });
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(mismatchRatio(shot.image!, truth)).toBeLessThan(0.01);
    expect(await page.evaluate(() => [document.getElementById('box')!.scrollTop, document.getElementById('box')!.scrollLeft])).toEqual([250, 120]);
  });
});

describe("a page whose CSS sizes every frame, html2canvas's included", () => {
  it.each([
    'iframe { width: 100%; max-width: 320px; height: auto; }',
    'iframe { display: none !important; }',
  ])('is captured at the size of the viewport all the same: %s', async (rule) => {
    const page = await suite.open('top-layer.html', { viewport: { width: 600, height: 500 } });
    await page.addStyleTag({ content: rule });
    await page.evaluate(() => window.scrollTo(0, 400));
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(mismatchRatio(shot.image!, truth)).toBeLessThan(0.01);
  });
});

describe('fixed, sticky and transformed elements', () => {
  it('are drawn where the user sees them on a scrolled page', async () => {
    const page = await suite.open('top-layer.html', { viewport: { width: 600, height: 500 } });
    await page.evaluate(() => window.scrollTo(0, 400));
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(colorDistance(pixelAt(shot.image!, 300, 25), [20, 40, 160])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 300, 70), [0, 150, 80])).toBeLessThanOrEqual(2);
    // A square turned 45 degrees: its centre and its corners' tips, not its box's corners.
    expect(colorDistance(pixelAt(shot.image!, 470, 350), [230, 120, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 470, 285), [230, 120, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 425, 305), pixelAt(truth, 425, 305))).toBeLessThanOrEqual(2);
    // A box moved and scaled by 1.5 from its top left.
    expect(colorDistance(pixelAt(shot.image!, 265, 465), [140, 0, 140])).toBeLessThanOrEqual(2);
    expect(mismatchRatio(shot.image!, truth)).toBeLessThan(0.01);
  });
});

describe('form fields', () => {
  it('draw their text at the height the browser shows it', async () => {
    const page = await suite.open('form.html', { viewport: { width: 400, height: 240 } });
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    for (const field of [{ top: 21, height: 58 }, { top: 101, height: 48 }, { top: 181, height: 20 }]) {
      const box = { left: 30, width: 280, ...field };
      expect(Math.abs(inkCenter(shot.image!, box) - inkCenter(truth, box))).toBeLessThanOrEqual(2);
    }
  });
});

describe('the top layer', () => {
  it('shows a dialog opened with showModal() over its backdrop, and an open popover', async () => {
    const page = await suite.open('top-layer.html', { viewport: { width: 600, height: 500 } });
    await page.evaluate(() => {
      (document.getElementById('menu') as HTMLElement).showPopover();
      (document.getElementById('modal') as HTMLDialogElement).showModal();
    });
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    const center = pixelAt(truth, 300, 250);
    expect(colorDistance(center, [255, 250, 200])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, 300, 250), center)).toBeLessThanOrEqual(2);
    // The backdrop dims the page around the dialog, the popover included.
    expect(colorDistance(pixelAt(shot.image!, 100, 490), pixelAt(truth, 100, 490))).toBeLessThanOrEqual(3);
    expect(colorDistance(pixelAt(shot.image!, 550, 450), pixelAt(truth, 550, 450))).toBeLessThanOrEqual(3);
    expect(mismatchRatio(shot.image!, truth, 12)).toBeLessThan(0.02);
  });

  it('shows an open popover without a dialog', async () => {
    const page = await suite.open('top-layer.html', { viewport: { width: 600, height: 500 } });
    await page.evaluate(() => (document.getElementById('menu') as HTMLElement).showPopover());

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(colorDistance(pixelAt(shot.image!, 100, 490), [0, 180, 180])).toBeLessThanOrEqual(2);
  });
});

describe('a page far past canvas limits', () => {
  it('captures the viewport deep inside it', async () => {
    const page = await suite.open('huge.html', { viewport: { width: 400, height: 300 } });
    await page.evaluate(() => window.scrollTo(0, 59_950));
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect(mismatchRatio(shot.image!, truth)).toBeLessThan(0.01);
    expect(colorDistance(pixelAt(shot.image!, 200, 150), [0, 200, 0])).toBeLessThanOrEqual(2);
  });

  it('scales a full-page capture down to fit instead of drawing a blank image', async () => {
    const page = await suite.open('huge.html', { viewport: { width: 400, height: 300 } });

    const shot = await captureIn(page, "capture.captureScreenshot({ area: 'page', format: 'png' })");

    expect(shot.diagnostic.status).toBe('captured');
    expect(shot.height).toBeLessThanOrEqual(16_384);
    expect(shot.width * shot.height).toBeLessThanOrEqual(8_388_608);
    expect(shot.height / shot.width).toBeCloseTo(100_000 / 40_000, 1);
    expect(countColors(shot.image!)).toBeGreaterThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, shot.width / 2, shot.height * 0.25), [255, 0, 0])).toBeLessThanOrEqual(2);
    expect(colorDistance(pixelAt(shot.image!, shot.width / 2, shot.height * 0.75), [0, 0, 255])).toBeLessThanOrEqual(2);
  });
});

describe('a high pixel ratio', () => {
  it('is captured sharp, at the ratio of the screen', async () => {
    const page = await suite.open('scroll.html', { viewport: { width: 500, height: 300 }, deviceScaleFactor: 2 });
    const truth = await browserScreenshot(page);

    const shot = await captureIn(page, PNG_CAPTURE);

    expect([shot.width, shot.height]).toEqual([1000, 600]);
    expect(shot.diagnostic.scale).toBe(2);
    expect(mismatchRatio(shot.image!, truth, 8, 3)).toBeLessThan(0.01);
    // A tile edge at 100 CSS pixels falls between image pixels 199 and 200, unblurred.
    expect(colorDistance(pixelAt(shot.image!, 199, 50), pixelAt(truth, 150, 50))).toBe(0);
    expect(colorDistance(pixelAt(shot.image!, 200, 50), pixelAt(truth, 250, 50))).toBe(0);
  });

  it('is capped so memory stays bounded', async () => {
    const page = await suite.open('scroll.html', { viewport: { width: 600, height: 320 }, deviceScaleFactor: 3 });

    const shot = await captureIn(page, "capture.captureScreenshot({ format: 'png', maxPixels: 600 * 320 * 2 })");

    expect(shot.width * shot.height).toBeLessThanOrEqual(600 * 320 * 2);
    expect(shot.width).toBeGreaterThan(600);
  });

  it('is drawn at the ratio asked for', async () => {
    const page = await suite.open('scroll.html', { viewport: { width: 600, height: 320 } });

    const shot = await captureIn(page, "capture.captureScreenshot({ format: 'png', pixelRatio: 1.5 })");

    expect([shot.width, shot.height]).toEqual([900, 480]);
  });
});

/** The mean row of dark pixels in `box`: where its text sits. */
function inkCenter(image: PNG, box: { left: number; top: number; width: number; height: number }): number {
  let rows = 0;
  let count = 0;
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      if (colorDistance(pixelAt(image, x, y), [255, 255, 255]) > 128) {
        rows += y;
        count++;
      }
    }
  }
  if (count === 0) throw new Error('no text found in the box');
  return rows / count;
}

