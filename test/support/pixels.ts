/**
 * Reads an image's pixels the way a receiver would see them, whatever its
 * format (the widget sends WebP or PNG): the page fetches and decodes it,
 * and the test gets the RGBA bytes to check.
 */
import type { Page } from 'playwright-core';

export type Rgb = [number, number, number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Picture {
  width: number;
  height: number;
  type: string;
  /** RGBA, row by row. */
  data: Buffer;
}

// Lossy WebP moves flat colours by a few steps; a different colour is far more.
const NEAR = 24;

/** Fetches `url` in the page (a blob: URL or the relay's) and decodes it there. */
export async function readImageInPage(page: Page, url: string): Promise<Picture> {
  const read = await page.evaluate(async (source) => {
    const blob = await (await fetch(source)).blob();
    const bitmap = await createImageBitmap(blob).catch((error: Error) => {
      // Says what the bytes were, so a rare undecodable image can be traced.
      const head = blob.slice(0, 16).arrayBuffer().then((bytes) => [...new Uint8Array(bytes)].join(' '));
      return head.then((first) => {
        throw new Error(`${error.message} (${blob.size} bytes of ${blob.type || 'no type'}: ${first})`);
      });
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('Failed to decode the image: no 2D context');

    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    for (let start = 0; start < pixels.length; start += 0x8000) {
      binary += String.fromCharCode(...pixels.subarray(start, start + 0x8000));
    }
    return { width: bitmap.width, height: bitmap.height, type: blob.type, data: btoa(binary) };
  }, url);

  return { ...read, data: Buffer.from(read.data, 'base64') };
}

export function colorAt(picture: Picture, x: number, y: number): Rgb {
  const offset = (y * picture.width + x) * 4;
  const { data } = picture;

  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
}

/** How many pixels inside `rect` match `test`. */
export function countPixels(picture: Picture, rect: Rect, test: (color: Rgb) => boolean): number {
  let count = 0;
  for (let y = rect.y; y < rect.y + rect.height; y += 1) {
    for (let x = rect.x; x < rect.x + rect.width; x += 1) {
      if (test(colorAt(picture, x, y))) count += 1;
    }
  }
  return count;
}

/** Exactly black: what the editor burns into hidden regions. */
export function isBlack([r, g, b]: Rgb): boolean {
  return r === 0 && g === 0 && b === 0;
}

export function isNear(color: Rgb, expected: Rgb): boolean {
  return color.every((value, index) => Math.abs(value - expected[index]!) <= NEAR);
}
