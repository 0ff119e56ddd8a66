/**
 * An image the user attaches by hand, for whatever no capture can show.
 * It is decoded and drawn onto a canvas, then encoded afresh, so only its
 * pixels reach the report: EXIF, GPS positions, camera serials and any other
 * metadata stay behind. EXIF orientation is applied before it is dropped.
 */
import { capturedResult, failedCapture, startTimer, type CaptureResult } from './capture-result.js';
import { DEFAULT_MAX_PIXELS } from './capture-screenshot.js';
import { encodeCanvas, type EncodeOptions } from './encode-canvas.js';

export interface ReadImageOptions extends EncodeOptions {
  /** Most pixels kept; larger images are scaled down. Default: 8,388,608. */
  maxPixels?: number;
}

/** Larger files are refused before decoding, to keep memory bounded. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Reads `file` into a fresh WebP or PNG under the byte limit.
 *
 * @example
 * input.onchange = async () => show(await readImageFile(input.files[0]));
 */
export async function readImageFile(
  file: Blob,
  options: ReadImageOptions = {},
): Promise<CaptureResult> {
  const elapsed = startTimer();

  try {
    checkFile(file);
    const canvas = await drawFile(file, options.maxPixels ?? DEFAULT_MAX_PIXELS);
    const image = await encodeCanvas(canvas, options);
    return capturedResult('file', image, elapsed());
  } catch (error) {
    return failedCapture('file', error, elapsed());
  }
}

function checkFile(file: Blob): void {
  if (!file.type.startsWith('image/')) {
    const type = file.type || 'of no known type';
    throw new Error(`Failed to read the image: the file is ${type}, not an image`);
  }
  if (file.size > MAX_IMAGE_FILE_BYTES) {
    const limit = MAX_IMAGE_FILE_BYTES;
    throw new Error(`Failed to read the image: it is ${file.size} bytes, over ${limit}`);
  }
}

async function drawFile(file: Blob, maxPixels: number): Promise<HTMLCanvasElement> {
  const source = await decode(file);
  try {
    const scale = Math.min(1, Math.sqrt(maxPixels / Math.max(1, source.width * source.height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(source.width * scale));
    canvas.height = Math.max(1, Math.round(source.height * scale));

    const context = canvas.getContext('2d');
    if (!context) throw new Error('Failed to read the image: no 2D canvas context');
    context.drawImage(source.image, 0, 0, canvas.width, canvas.height);
    return canvas;
  } finally {
    source.close();
  }
}

interface Decoded {
  image: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

/** createImageBitmap applies EXIF orientation; SVG files need an `<img>` instead. */
async function decode(file: Blob): Promise<Decoded> {
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const { width, height } = bitmap;
    return { image: bitmap, width, height, close: () => bitmap.close() };
  } catch {
    return decodeWithImage(file);
  }
}

function decodeWithImage(file: Blob): Promise<Decoded> {
  const url = URL.createObjectURL(file);
  const image = new Image();

  return new Promise((resolve, reject) => {
    image.onload = () =>
      resolve({
        image,
        width: image.naturalWidth || 300,
        height: image.naturalHeight || 150,
        close: () => URL.revokeObjectURL(url),
      });
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('Failed to read the image: the browser cannot decode it'));
    };
    image.src = url;
  });
}
