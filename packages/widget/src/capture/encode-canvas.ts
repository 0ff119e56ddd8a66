import { MAX_ATTACHMENT_BYTES } from '@hypercare/shared';

export type ImageFormat = 'auto' | 'webp' | 'png';

export interface EncodeOptions {
  /** `'auto'` keeps whichever of WebP and PNG is smaller. Default: `'auto'`. */
  format?: ImageFormat;
  /** WebP quality from 0 to 1. Default: `0.9`. */
  quality?: number;
  /** The encoded image stays under this; never above the relay's limit. Default: 2 MiB. */
  maxBytes?: number;
}

export interface EncodedImage {
  blob: Blob;
  width: number;
  height: number;
  format: 'image/png' | 'image/webp';
}

export const DEFAULT_QUALITY = 0.9;

/** A few screens' worth at WebP; far under the relay's 8 MiB per attachment. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** WebP qualities tried, in turn, when the first is too large. */
const LOWER_QUALITIES = [0.75, 0.5];

/** Each step down keeps about half the pixels. */
const SHRINK_FACTOR = 0.7;

/** Below this the image shows nothing useful, so encoding gives up. */
const MIN_SIDE = 64;

/**
 * Encodes `canvas` under `maxBytes`: the smaller of WebP and PNG first, then
 * WebP at lower qualities, then the whole image scaled down step by step.
 * Rejects with `Failed to encode the screenshot: …`.
 */
export async function encodeCanvas(
  canvas: HTMLCanvasElement,
  options: EncodeOptions = {},
): Promise<EncodedImage> {
  const maxBytes = Math.min(options.maxBytes ?? DEFAULT_MAX_BYTES, MAX_ATTACHMENT_BYTES);
  const format = options.format ?? 'auto';
  const quality = clampQuality(options.quality);

  for (let current = canvas; ; current = shrink(current)) {
    const blob = await encodeUnder(current, format, quality, maxBytes);
    if (blob) return toEncoded(blob, current);

    if (Math.min(current.width, current.height) * SHRINK_FACTOR < MIN_SIDE) {
      throw new Error(
        `Failed to encode the screenshot: it stays over ${maxBytes} bytes even when made small`,
      );
    }
  }
}

async function encodeUnder(
  canvas: HTMLCanvasElement,
  format: ImageFormat,
  quality: number,
  maxBytes: number,
): Promise<Blob | undefined> {
  const first = await encodeFirst(canvas, format, quality);
  if (first.blob.size <= maxBytes) return first.blob;
  if (!first.canWriteWebp) return undefined;

  for (const lower of LOWER_QUALITIES.filter((value) => value < quality)) {
    const blob = await toBlob(canvas, 'image/webp', lower);
    if (blob.size <= maxBytes) return blob;
  }
  return undefined;
}

async function encodeFirst(
  canvas: HTMLCanvasElement,
  format: ImageFormat,
  quality: number,
): Promise<{ blob: Blob; canWriteWebp: boolean }> {
  if (format === 'png') return { blob: await toBlob(canvas, 'image/png'), canWriteWebp: false };

  // A browser that cannot write WebP answers with PNG (HTML, toBlob step 3).
  const webp = await toBlob(canvas, 'image/webp', quality);
  const canWriteWebp = webp.type === 'image/webp';
  if (format === 'webp' || !canWriteWebp) return { blob: webp, canWriteWebp };

  const png = await toBlob(canvas, 'image/png');
  return { blob: png.size <= webp.size ? png : webp, canWriteWebp };
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => {
        if (blob) resolve(blob);
        else reject(new Error(`Failed to encode the screenshot: the browser gave no ${type}`));
      },
      type,
      quality,
    );
  });
}

function shrink(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const smaller = canvas.ownerDocument.createElement('canvas');
  smaller.width = Math.max(1, Math.round(canvas.width * SHRINK_FACTOR));
  smaller.height = Math.max(1, Math.round(canvas.height * SHRINK_FACTOR));

  const context = smaller.getContext('2d');
  if (!context) throw new Error('Failed to encode the screenshot: no 2D canvas context');

  context.imageSmoothingQuality = 'high';
  context.drawImage(canvas, 0, 0, smaller.width, smaller.height);
  return smaller;
}

function toEncoded(blob: Blob, canvas: HTMLCanvasElement): EncodedImage {
  const format = blob.type === 'image/webp' ? 'image/webp' : 'image/png';
  return { blob, width: canvas.width, height: canvas.height, format };
}

function clampQuality(quality: number | undefined): number {
  if (typeof quality !== 'number' || Number.isNaN(quality)) return DEFAULT_QUALITY;

  return Math.min(1, Math.max(0.1, quality));
}
