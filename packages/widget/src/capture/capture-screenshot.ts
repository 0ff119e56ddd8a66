/**
 * Takes a picture of what the user sees: the viewport at its current scroll,
 * drawn by html2canvas from a copy of the page. The widget itself is left
 * out. It never throws; a failure is a diagnostic, and the report goes out
 * without the picture.
 */
import { MAX_ATTACHMENT_BYTES, type ReportInput } from '@hypercare/shared';
import type { Options as Html2CanvasOptions } from 'html2canvas';

export type CaptureDiagnostic = NonNullable<NonNullable<ReportInput['diagnostics']>['screenshot']>;

/** Draws an element onto a canvas, as html2canvas does. */
export type CaptureEngine = (
  element: HTMLElement,
  options: Partial<Html2CanvasOptions>,
) => Promise<HTMLCanvasElement>;

export interface CaptureOptions {
  /** An element to leave out of the picture, such as the widget's host. Default: none. */
  exclude?: Element;
  /** Most pixels in the picture; larger screens are drawn at a lower scale. Default: 4 million. */
  maxPixels?: number;
  /** Gives up on pages that take longer to draw. Default: 10 seconds. */
  timeoutMs?: number;
  /** Loads the drawing engine; tests pass a fake. Default: a lazy import of html2canvas. */
  loadEngine?: () => Promise<CaptureEngine>;
  /** The window to take the picture of. Default: the global `window`. */
  window?: Window;
}

export interface CaptureResult {
  /** The PNG, when the capture worked. */
  blob?: Blob;
  diagnostic: CaptureDiagnostic;
}

/** About a 2560×1600 screen at scale 1; its PNG stays well under the relay's 8 MB. */
export const DEFAULT_MAX_PIXELS = 4_000_000;

export const DEFAULT_CAPTURE_TIMEOUT_MS = 10_000;

// Cross-origin images that never load would otherwise hold the capture for
// html2canvas's own default of 15 seconds.
const IMAGE_TIMEOUT_MS = 3_000;

/** Captures the visible viewport as a PNG; see `CaptureOptions`. */
export async function captureScreenshot(options: CaptureOptions = {}): Promise<CaptureResult> {
  const startedAt = now();

  try {
    const blob = await withTimeout(
      drawViewport(options),
      options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS,
    );
    return { blob, diagnostic: { status: 'captured', durationMs: since(startedAt) } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { diagnostic: { status: 'failed', reason, durationMs: since(startedAt) } };
  }
}

async function drawViewport(options: CaptureOptions): Promise<Blob> {
  const win = options.window ?? window;
  const loadEngine = options.loadEngine ?? loadHtml2Canvas;
  const engine = await loadEngine();

  const width = win.innerWidth;
  const height = win.innerHeight;
  const scale = pickScale(win.devicePixelRatio, width * height, options.maxPixels);
  const exclude = options.exclude;

  const canvas = await engine(win.document.documentElement, {
    x: win.scrollX,
    y: win.scrollY,
    width,
    height,
    scale,
    ignoreElements: (element) => element === exclude,
    logging: false,
    useCORS: true,
    imageTimeout: IMAGE_TIMEOUT_MS,
  });

  const blob = await toPngBlob(canvas);
  if (blob.size > MAX_ATTACHMENT_BYTES) {
    throw new Error(`the picture is ${blob.size} bytes, over the limit of ${MAX_ATTACHMENT_BYTES}`);
  }
  return blob;
}

/** The device's pixel ratio, lowered so the picture stays within `maxPixels`. */
export function pickScale(
  devicePixelRatio: number,
  cssPixels: number,
  maxPixels = DEFAULT_MAX_PIXELS,
): number {
  const wanted = devicePixelRatio > 0 ? devicePixelRatio : 1;
  if (cssPixels <= 0) return wanted;

  return Math.min(wanted, Math.sqrt(maxPixels / cssPixels));
}

function toPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve(blob);
      else reject(new Error('the browser could not encode the picture as PNG'));
    }, 'image/png');
  });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than ${timeoutMs} ms`)), timeoutMs);
  });

  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function loadHtml2Canvas(): Promise<CaptureEngine> {
  const module = await import('html2canvas');
  return module.default;
}

function now(): number {
  return typeof performance === 'object' ? performance.now() : Date.now();
}

function since(startedAt: number): number {
  return Math.max(0, Math.round(now() - startedAt));
}
