/**
 * Takes a picture of what the user sees, drawn by html2canvas from a copy of
 * the page, with masked content burned in black and the widget left out.
 * It never throws: a failure is a diagnostic, and the report goes out
 * without the picture. See README.md beside this file.
 */
import {
  capturedResult,
  failedCapture,
  startTimer,
  withTimeout,
  type CaptureResult,
} from './capture-result.js';
import { encodeCanvas, type EncodeOptions } from './encode-canvas.js';
import type { MaskOptions } from './masks.js';
import type { PageArea, RenderPageOptions, RenderedPage } from './page/render-page.js';

export type { CaptureDiagnostic, CaptureResult } from './capture-result.js';

export type CaptureArea = 'viewport' | 'page';

export interface CaptureOptions extends MaskOptions, EncodeOptions {
  /** An element to leave out of the picture, such as the widget's host. Default: none. */
  exclude?: Element;
  /** What the user sees at its scroll, or the whole page scaled to fit. Default: `'viewport'`. */
  area?: CaptureArea;
  /** Image pixels per CSS pixel. Default: the device's pixel ratio. */
  pixelRatio?: number;
  /** Most pixels in the picture; the ratio is lowered to fit. Default: 8,388,608. */
  maxPixels?: number;
  /** The relay's image proxy, tried for cross-origin images without CORS. Default: none. */
  imageProxy?: string;
  /** Gives up on pages that take longer to draw. Default: 10 seconds. */
  timeoutMs?: number;
  /** Loads the page renderer; tests pass a fake. Default: a lazy import of it. */
  loadRenderer?: () => Promise<(options: RenderPageOptions) => Promise<RenderedPage>>;
  /** The window to take the picture of. Default: the global `window`. */
  window?: Window;
}

/**
 * A 1920×1080 viewport at twice its CSS pixels, the sharpest common laptop
 * and desktop screens, fits; 32 MB of canvas memory at most.
 */
export const DEFAULT_MAX_PIXELS = 8_388_608;

export const DEFAULT_CAPTURE_TIMEOUT_MS = 10_000;

/**
 * The longest canvas side every supported browser draws: Chrome and Firefox
 * allow 32,767, Safari caps the area at 16,777,216 pixels (4096²); beyond,
 * a canvas silently stays blank.
 */
export const MAX_CANVAS_SIDE = 16_384;

// Cross-origin images that never load would otherwise hold the capture for
// html2canvas's own default of 15 seconds.
const IMAGE_TIMEOUT_MS = 3_000;

/**
 * Captures the viewport (or the page) as WebP or PNG; see `CaptureOptions`.
 *
 * @example
 * const shot = await captureScreenshot({ exclude: host, mask: ['.account-number'] });
 * if (shot.blob) preview.src = URL.createObjectURL(shot.blob);
 */
export async function captureScreenshot(options: CaptureOptions = {}): Promise<CaptureResult> {
  const elapsed = startTimer();

  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS;
    return await withTimeout(capturePage(options, elapsed), timeoutMs);
  } catch (error) {
    return failedCapture('page', error, elapsed());
  }
}

async function capturePage(options: CaptureOptions, elapsed: () => number): Promise<CaptureResult> {
  const win = options.window ?? window;
  const area = measureArea(win, options.area ?? 'viewport');
  const scale = pickScale(
    options.pixelRatio ?? win.devicePixelRatio,
    area,
    options.maxPixels,
  );

  const render = await (options.loadRenderer ?? loadRenderer)();
  const page = await render({
    window: win,
    area,
    scale,
    exclude: options.exclude,
    mask: options.mask,
    maskInputTypes: options.maskInputTypes,
    imageProxy: options.imageProxy,
    imageTimeoutMs: IMAGE_TIMEOUT_MS,
  });
  const image = await encodeCanvas(page.canvas, options);

  return capturedResult('page', image, elapsed(), {
    scale: roundScale(image.width / Math.max(1, area.width)),
    masked: page.masked,
    ...(page.approximated > 0 && { approximated: page.approximated }),
    ...(page.unrendered.length > 0 && { unrendered: page.unrendered }),
  });
}

/** The viewport at its scroll, or the whole scrollable page. */
export function measureArea(win: Window, area: CaptureArea): PageArea {
  if (area === 'viewport') {
    return { x: win.scrollX, y: win.scrollY, width: win.innerWidth, height: win.innerHeight };
  }

  const root = win.document.documentElement;
  const body = win.document.body;
  return {
    x: 0,
    y: 0,
    width: Math.max(root.scrollWidth, body?.scrollWidth ?? 0, win.innerWidth),
    height: Math.max(root.scrollHeight, body?.scrollHeight ?? 0, win.innerHeight),
  };
}

/**
 * The pixel ratio asked for, lowered so the picture stays within
 * `maxPixels` and each side within what browsers can draw.
 */
export function pickScale(
  pixelRatio: number,
  area: { width: number; height: number },
  maxPixels = DEFAULT_MAX_PIXELS,
): number {
  const wanted = pixelRatio > 0 && Number.isFinite(pixelRatio) ? pixelRatio : 1;
  const width = Math.max(1, area.width);
  const height = Math.max(1, area.height);

  return Math.min(
    wanted,
    Math.sqrt(maxPixels / (width * height)),
    MAX_CANVAS_SIDE / width,
    MAX_CANVAS_SIDE / height,
  );
}

async function loadRenderer() {
  const module = await import('./page/render-page.js');
  return module.renderPage;
}

function roundScale(scale: number): number {
  return Math.round(scale * 1000) / 1000;
}
