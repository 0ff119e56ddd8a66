/**
 * The dialog's screenshot: taken from the page as the dialog opens, then
 * kept, marked up, removed or replaced from another source until "Send"
 * asks for what to send.
 */
import { useEffect, useRef, useState } from 'preact/hooks';

import type { CaptureDiagnostic, CaptureResult } from '../capture/capture-screenshot.js';
import type { MarkupResult } from '../editor/markup-editor.js';
import type { Markup } from '../editor/markup-model.js';
import type { DraftScreenshot } from '../report/build-report.js';

/** Where a screenshot can come from; only those that work in this browser are given. */
export interface ScreenshotSources {
  /** Draws the page, with the widget left out. */
  page?: () => Promise<CaptureResult>;
  /** Asks the browser for a picture of a screen, window or tab. */
  screen?: () => Promise<CaptureResult>;
  /** Reads an image the user picked. */
  file?: (file: File) => Promise<CaptureResult>;
}

export type ShotState =
  | { name: 'capturing' }
  | {
      name: 'ready';
      /** As captured; the editor always starts from it. */
      original: Blob;
      /** What will be sent: the original, or the marked-up copy. */
      image: Blob;
      markup?: Markup;
      diagnostic: CaptureDiagnostic;
    }
  | { name: 'failed'; diagnostic: CaptureDiagnostic }
  | { name: 'removed' };

export interface ScreenshotControl {
  /** `undefined` when the site turns screenshots off. */
  state: ShotState | undefined;
  take(source: () => Promise<CaptureResult>): void;
  remove(): void;
  /** Keeps the editor's result; the original stays for editing again. */
  markUp(result: MarkupResult): void;
  /** Waits for a capture in progress, then says what to send. */
  settle(): Promise<DraftScreenshot | undefined>;
}

const REMOVED: CaptureDiagnostic = { status: 'declined', reason: 'the reporter removed it' };

/**
 * `restored` is the screenshot as the user left it when the dialog last
 * closed unsent; given, it stands instead of a fresh capture.
 */
export function useScreenshot(
  sources: ScreenshotSources | undefined,
  restored?: ShotState,
): ScreenshotControl {
  const [state, setState] = useState<ShotState | undefined>(
    () => (sources && restored) || initialState(sources),
  );
  const stateRef = useRef(state);
  const pending = useRef<Promise<unknown>>(Promise.resolve());
  const generation = useRef(0);

  function update(next: ShotState): void {
    stateRef.current = next;
    setState(next);
  }

  // A newer choice (remove, another source) wins over a capture still
  // running; a source the user backed out of leaves the screenshot as it was.
  function take(source: () => Promise<CaptureResult>): void {
    const id = ++generation.current;
    const before = settled(stateRef.current);
    update({ name: 'capturing' });

    pending.current = runSource(source).then((result) => {
      if (id === generation.current) update(toState(result, before));
    });
  }

  function remove(): void {
    generation.current += 1;
    update({ name: 'removed' });
  }

  // The diagnostic describes the image that is sent: after a crop, its size
  // and encoding are the editor's.
  function markUp(result: MarkupResult): void {
    const current = stateRef.current;
    if (current?.name !== 'ready') return;

    const { blob, width, height, markup } = result;
    const diagnostic = { ...current.diagnostic, bytes: blob.size, width, height };
    if (isImageFormat(blob.type)) diagnostic.format = blob.type;
    update({ ...current, image: blob, markup, diagnostic });
  }

  async function settle(): Promise<DraftScreenshot | undefined> {
    while (stateRef.current?.name === 'capturing') await pending.current;

    return toDraft(stateRef.current);
  }

  useEffect(() => {
    if (sources?.page && !restored) take(sources.page);
  }, []);

  return { state, take, remove, markUp, settle };
}

/**
 * The screenshot worth keeping across a close: one the user chose, marked
 * up or removed. Bringing the text back with a fresh capture would quietly
 * send what they had hidden; a plain page capture is simply taken again.
 */
export function toKeptShot(state: ShotState | undefined): ShotState | undefined {
  if (state?.name === 'removed') return state;
  if (state?.name !== 'ready') return undefined;

  const chosen = state.markup !== undefined || state.diagnostic.source !== 'page';
  return chosen ? state : undefined;
}

function initialState(sources: ScreenshotSources | undefined): ShotState | undefined {
  if (!sources) return undefined;

  return sources.page ? { name: 'capturing' } : { name: 'removed' };
}

// Sources promise never to throw; this keeps a broken one from stopping a report.
async function runSource(source: () => Promise<CaptureResult>): Promise<CaptureResult> {
  try {
    return await source();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { width: 0, height: 0, diagnostic: { status: 'failed', reason } };
  }
}

function toState(result: CaptureResult, before: ShotState): ShotState {
  if (!result.blob) {
    return result.diagnostic.status === 'declined'
      ? before
      : { name: 'failed', diagnostic: result.diagnostic };
  }

  const { blob, diagnostic } = result;
  return { name: 'ready', original: blob, image: blob, diagnostic };
}

function isImageFormat(type: string): type is NonNullable<CaptureDiagnostic['format']> {
  return type === 'image/png' || type === 'image/webp' || type === 'image/jpeg';
}

function settled(state: ShotState | undefined): ShotState {
  return !state || state.name === 'capturing' ? { name: 'removed' } : state;
}

function toDraft(state: ShotState | undefined): DraftScreenshot | undefined {
  switch (state?.name) {
    case undefined:
      return undefined;
    case 'ready':
      return { blob: state.image, diagnostic: state.diagnostic };
    case 'failed':
      return { diagnostic: state.diagnostic };
    default:
      return { diagnostic: REMOVED };
  }
}
