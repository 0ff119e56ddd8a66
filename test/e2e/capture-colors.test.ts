/**
 * Modern colour syntax in real Chromium: html2canvas 1.4 alone throws on
 * oklch() and friends; the capture converts each one and the right colour
 * lands in the pixels, as the browser itself draws it.
 */
import type { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  type CaptureOutcome,
  colorDistance,
  pixelAt,
  setUpCaptureSuite,
} from '../support/capture-harness.js';

const VIEWPORT = { width: 640, height: 400 };

/** Rounding between colour spaces and canvas alpha leaves a few steps of difference. */
const TOLERANCE = 4;

const suite = setUpCaptureSuite();
let truth: PNG;
let shot: CaptureOutcome;

beforeAll(async () => {
  ({ truth, shot } = await suite.openAndCapture(
    'colors.html',
    { viewport: VIEWPORT },
    "capture.captureScreenshot({ format: 'png' })",
  ));
});

describe('a page styled with modern colour syntax', () => {
  it('is captured, with the approximated colours counted', () => {
    expect(shot.diagnostic).toMatchObject({ status: 'captured', source: 'page' });
    expect(shot.diagnostic.approximated).toBeGreaterThan(10);
    expect(shot.image).toBeDefined();
  });

  it.each([
    ['oklch()', 60, 50],
    ['oklab()', 180, 50],
    ['lab()', 300, 50],
    ['lch()', 420, 50],
    ['color(srgb)', 540, 50],
    ['color-mix(in srgb)', 60, 150],
    ['color-mix(in oklab)', 180, 150],
    ['relative rgb()', 300, 150],
    ['relative oklch()', 420, 150],
    ['color(display-p3)', 540, 150],
    ['a border in color()', 15, 250],
    ['a box shadow in lab()', 215, 250],
    ['a gradient stop in oklch()', 270, 250],
    ['a gradient stop in color()', 330, 250],
    ['a translucent oklch() over the page', 420, 250],
    ['a ::before in oklab()', 540, 250],
    ['the page background in oklch()', 630, 390],
    ["a Tailwind 4 gradient's first stop, interpolated in oklab", 40, 387],
    ["a Tailwind 4 gradient's last stop", 180, 387],
    ['the first quarter of a conic gradient', 600, 315],
    ['the rest of a conic gradient', 575, 345],
    ['the corner outside a round conic gradient', 562, 302],
    ['a repeating gradient stripe', 335, 387],
    ['the gap between repeating stripes', 345, 387],
  ])('draws %s as the browser does', (_name, x, y) => {
    expect(colorDistance(pixelAt(shot.image!, x, y), pixelAt(truth, x, y))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('lands the exact sRGB values where the syntax names them', () => {
    expect(colorDistance(pixelAt(shot.image!, 540, 50), [0, 128, 255])).toBeLessThanOrEqual(1);
    expect(colorDistance(pixelAt(shot.image!, 60, 150), [128, 0, 128])).toBeLessThanOrEqual(1);
    expect(colorDistance(pixelAt(shot.image!, 300, 150), [255, 0, 255])).toBeLessThanOrEqual(1);
    expect(colorDistance(pixelAt(shot.image!, 15, 250), [0, 255, 0])).toBeLessThanOrEqual(1);
    expect(colorDistance(pixelAt(shot.image!, 60, 50), [255, 0, 0])).toBeLessThanOrEqual(2);
  });

  it('draws text in its oklch() colour', () => {
    const inks = countInk(shot.image!, { left: 10, top: 310, width: 600, height: 60 }, pixelAt(truth, 20, 345));
    expect(inks).toBeGreaterThan(200);
  });
});

/** Pixels in `area` near the text colour the browser drew. */
function countInk(image: PNG, area: { left: number; top: number; width: number; height: number }, ink: number[]) {
  let count = 0;
  for (let y = area.top; y < area.top + area.height; y++) {
    for (let x = area.left; x < area.left + area.width; x++) {
      if (colorDistance(pixelAt(image, x, y), ink) <= 24) count++;
    }
  }
  return count;
}
