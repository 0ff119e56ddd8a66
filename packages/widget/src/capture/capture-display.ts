/**
 * One frame from the Screen Capture API, for what a copy of the DOM cannot
 * draw (canvas and video content, cross-origin frames, the browser's own
 * rendering). The browser asks the user what to share; the frame is taken
 * and every track stops at once, so the sharing indicator goes away.
 */
import {
  capturedResult,
  failedCapture,
  startTimer,
  withTimeout,
  type CaptureResult,
} from './capture-result.js';
import { encodeCanvas, type EncodeOptions } from './encode-canvas.js';
import {
  findMaskRects,
  inputSelector,
  maskSelectors,
  paintMasks,
  type MaskOptions,
} from './masks.js';

export interface DisplayCaptureOptions extends MaskOptions, EncodeOptions {
  /** Hidden while the frame is taken, such as the widget's host. Default: none. */
  exclude?: Element;
  /** Gives up when no frame arrives, the picker included. Default: 2 minutes. */
  timeoutMs?: number;
  /** The window whose browser is asked. Default: the global `window`. */
  window?: Window;
}

/** Long enough for a user to read the browser's picker and choose. */
export const DEFAULT_DISPLAY_TIMEOUT_MS = 120_000;

/** Tab capture sends frames only when something changes; wait no longer for one. */
const FRAME_WAIT_MS = 500;

/** Aspect ratios this close mean the shared tab is this page's. */
const SAME_TAB_TOLERANCE = 0.02;

/**
 * Asks the user to share a screen, window or tab, takes one frame and stops
 * sharing. Call it from a click: browsers require a user gesture. Masks are
 * burned in when the user shared this very tab.
 *
 * @example
 * button.onclick = async () => show(await captureDisplay({ exclude: host }));
 */
export async function captureDisplay(options: DisplayCaptureOptions = {}): Promise<CaptureResult> {
  const elapsed = startTimer();
  const win = options.window ?? window;
  const restore = hide(options.exclude);
  let stream: MediaStream | undefined;

  try {
    const media = win.navigator.mediaDevices;
    if (typeof media?.getDisplayMedia !== 'function') {
      throw new Error('this browser cannot share a screen');
    }

    const timeoutMs = options.timeoutMs ?? DEFAULT_DISPLAY_TIMEOUT_MS;
    stream = await withTimeout(media.getDisplayMedia(DISPLAY_REQUEST), timeoutMs);
    const frame = await withTimeout(grabFrame(win.document, stream), timeoutMs);
    const surface = stream.getVideoTracks()[0]?.getSettings().displaySurface;
    stopTracks(stream);

    const masked = isThisTab(surface, frame, win) ? maskThisTab(frame, win, options) : undefined;
    const image = await encodeCanvas(frame, options);
    return capturedResult('screen', image, elapsed(), masked === undefined ? {} : { masked });
  } catch (error) {
    if (isRefusal(error)) {
      const reason = 'the user shared nothing';
      return {
        width: 0,
        height: 0,
        diagnostic: { status: 'declined', source: 'screen', reason, durationMs: elapsed() },
      };
    }
    return failedCapture('screen', error, elapsed());
  } finally {
    if (stream) stopTracks(stream);
    restore();
  }
}

// `preferCurrentTab` and `selfBrowserSurface` are Chromium's (Screen Capture
// spec section 5.4); other browsers ignore them and offer screens and windows.
const DISPLAY_REQUEST = {
  video: { displaySurface: 'browser' },
  audio: false,
  preferCurrentTab: true,
  selfBrowserSurface: 'include',
  surfaceSwitching: 'exclude',
} as DisplayMediaStreamOptions;

async function grabFrame(doc: Document, stream: MediaStream): Promise<HTMLCanvasElement> {
  const video = doc.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  await nextFrame(video);

  if (video.videoWidth === 0 || video.videoHeight === 0) {
    throw new Error('the shared screen sent no picture');
  }

  const canvas = doc.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  video.srcObject = null;
  return canvas;
}

function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };

    if (typeof video.requestVideoFrameCallback === 'function') {
      video.requestVideoFrameCallback(done);
    } else if (video.readyState >= 2) {
      done();
    } else {
      video.addEventListener('loadeddata', done, { once: true });
    }
  });
}

function isThisTab(surface: string | undefined, frame: HTMLCanvasElement, win: Window): boolean {
  if (surface !== 'browser') return false;

  const shared = frame.width / frame.height;
  const viewport = win.innerWidth / win.innerHeight;
  return Math.abs(shared - viewport) / viewport <= SAME_TAB_TOLERANCE;
}

/** Masked elements and inputs of masked types, boxed: a frame has no values to swap. */
function maskThisTab(
  frame: HTMLCanvasElement,
  win: Window,
  options: DisplayCaptureOptions,
): number {
  const inputs = inputSelector(options);
  const selectors = [...maskSelectors(options), ...(inputs ? [inputs] : [])];
  const rects = findMaskRects(win.document, selectors, options.exclude);

  paintMasks(frame, rects, { originX: 0, originY: 0, scale: frame.width / win.innerWidth });
  return rects.length;
}

/**
 * Hides the widget while the frame is taken. Through the `hidden` attribute:
 * the host's own `:host { all: initial !important }` outranks any inline
 * style the page side could set, even an important one (CSS Cascade 4,
 * "Context"), so only the rule the widget itself gives `[hidden]` applies.
 */
function hide(target: Element | undefined): () => void {
  if (!target) return () => {};

  const wasHidden = target.hasAttribute('hidden');
  target.setAttribute('hidden', '');
  return () => {
    if (!wasHidden) target.removeAttribute('hidden');
  };
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/** The user closed the picker or the browser refused (Screen Capture spec, section 5.1). */
function isRefusal(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotAllowedError';
}
