/**
 * The entry of the dialog's chunk, loaded on the first click of the button.
 * It renders the dialog with Preact into the launcher's shadow root, wires
 * the screenshot to capture, and "Send" to context and transport.
 */
import { render } from 'preact';

import { adoptStyles } from '../adopt-styles.js';
import {
  availableSources,
  captureDisplay,
  captureScreenshot,
  encodeCanvas,
  readImageFile,
  toCaptureOptions,
} from '../capture/index.js';
import type { EncodeCanvas } from '../editor/render-markup.js';
import { guard, logFailure, type HypercareLogger } from '../logger.js';
import { resolveMessages } from '../messages.js';
import type { ResolvedOptions } from '../options.js';
import type { OutboxSummary } from '../outbox/outbox.js';
import { hasPendingHint } from '../outbox/pending-hint.js';
import { createSubmitFeedback, type SubmitFeedback } from '../report/submit-feedback.js';
import { DIALOG_CSS } from './dialog-styles.js';
import { FeedbackDialog, type FormDraft } from './feedback-dialog.js';
import { Guard } from './guard.js';
import type { ScreenshotSources, ShotState } from './use-screenshot.js';

export interface OpenDialogOptions extends ResolvedOptions {
  logger: HypercareLogger;
  /** The widget's host element, left out of screenshots. */
  exclude: Element;
  /** Called when the user closes the dialog. */
  onClose(): void;
  /** Sends the draft. Default: collect and send to `relay`. */
  submit?: SubmitFeedback;
  /** Where screenshots come from. Default: those of `capture` that work here. */
  sources?: ScreenshotSources;
}

export interface DialogHandle {
  /** Removes the dialog; what was typed comes back when it opens again. */
  close(): void;
}

const styledRoots = new WeakSet<Node>();

/**
 * What was typed into each widget's dialog before it closed unsent, for the
 * page's lifetime: Escape or a stray click on Close must not throw away a
 * description someone spent minutes on.
 */
const unsentDrafts = new WeakMap<HTMLElement, FormDraft>();

/** With the text, the screenshot as the user had chosen or marked it up. */
const unsentShots = new WeakMap<HTMLElement, ShotState>();

/** Renders the dialog into `layer`, which lives in the widget's shadow root. */
export function openDialog(layer: HTMLElement, options: OpenDialogOptions): DialogHandle {
  addStylesOnce(layer);

  const submit =
    options.submit ??
    createSubmitFeedback({
      relay: options.relay,
      screenshot: options.screenshot,
      logger: options.logger,
      outbox: options.outbox,
    });

  const onClose = guard(options.logger, 'close the feedback dialog', options.onClose);

  // A dialog that breaks is logged and closed; the page never sees the error.
  const onError = (error: unknown) => {
    logFailure(options.logger, 'show the feedback dialog', error);
    setTimeout(onClose);
  };

  render(
    <Guard onError={onError}>
      <FeedbackDialog
        messages={resolveMessages(options.lang, options.messages)}
        sources={options.screenshot ? (options.sources ?? findSources(options)) : undefined}
        encode={encodeWith(options)}
        submit={submit}
        earlier={() => readEarlier(options)}
        onClose={onClose}
        lang={options.lang}
        position={options.position}
        logger={options.logger}
        initialDraft={unsentDrafts.get(layer)}
        onDraftChange={(draft) =>
          draft ? unsentDrafts.set(layer, draft) : unsentDrafts.delete(layer)
        }
        initialShot={unsentShots.get(layer)}
        onShotChange={(shot) => (shot ? unsentShots.set(layer, shot) : unsentShots.delete(layer))}
      />
    </Guard>,
    layer,
  );

  return { close: () => render(null, layer) };
}

/** What waits in the outbox, loading its chunk only when the hint says something does. */
async function readEarlier(options: OpenDialogOptions): Promise<OutboxSummary | undefined> {
  if (!hasPendingHint()) return undefined;

  const { getOutbox } = await import('../outbox/outbox.js');
  return getOutbox({ ...options.outbox, relay: options.relay, logger: options.logger }).summary();
}

/** The sources that work in this browser, with the product team's capture settings. */
function findSources(options: OpenDialogOptions): ScreenshotSources {
  const settings = toCaptureOptions(options);
  const available = availableSources(window);

  return {
    page: () => captureScreenshot({ ...settings, exclude: options.exclude }),
    // The shared tab must show the page, not the widget asking for it.
    ...(available.includes('screen') && {
      screen: () => captureDisplay({ ...settings, exclude: options.exclude }),
    }),
    ...(available.includes('file') && { file: (file: File) => readImageFile(file, settings) }),
  };
}

// A marked-up screenshot is encoded as the capture encodes (WebP or PNG by
// size, under the same byte limit), but as PNG when it must stay exact.
function encodeWith(options: OpenDialogOptions): EncodeCanvas {
  return (canvas, lossless) =>
    encodeCanvas(canvas, { ...toCaptureOptions(options), ...(lossless && { format: 'png' }) });
}

function addStylesOnce(layer: HTMLElement): void {
  const root = layer.getRootNode();
  if (!(root instanceof ShadowRoot) || styledRoots.has(root)) return;

  adoptStyles(root, DIALOG_CSS);
  styledRoots.add(root);
}
