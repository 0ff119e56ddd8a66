/**
 * The entry of the dialog's chunk, loaded on the first click of the button.
 * It renders the dialog with Preact into the launcher's shadow root and
 * wires "Send" to capture, context and transport.
 */
import { render } from 'preact';

import { adoptStyles } from '../adopt-styles.js';
import { guard, type HypercareLogger } from '../logger.js';
import type { ResolvedOptions } from '../options.js';
import { createSubmitFeedback, type SubmitFeedback } from '../report/submit-feedback.js';
import { DIALOG_CSS } from './dialog-styles.js';
import { FeedbackDialog } from './feedback-dialog.js';

export interface OpenDialogOptions extends ResolvedOptions {
  logger: HypercareLogger;
  /** The widget's host element, left out of screenshots. */
  exclude: Element;
  /** Called when the user closes the dialog. */
  onClose(): void;
  /** Sends the draft. Default: capture, collect and send to `relay`. */
  submit?: SubmitFeedback;
}

export interface DialogHandle {
  /** Removes the dialog; what was typed is dropped. */
  close(): void;
}

const styledRoots = new WeakSet<Node>();

/** Renders the dialog into `layer`, which lives in the widget's shadow root. */
export function openDialog(layer: HTMLElement, options: OpenDialogOptions): DialogHandle {
  addStylesOnce(layer);

  const submit =
    options.submit ??
    createSubmitFeedback({
      relay: options.relay,
      screenshot: options.screenshot,
      exclude: options.exclude,
      logger: options.logger,
    });

  render(
    <FeedbackDialog
      messages={options.messages}
      screenshot={options.screenshot}
      submit={submit}
      onClose={guard(options.logger, 'close the feedback dialog', options.onClose)}
      lang={options.lang}
      position={options.position}
      logger={options.logger}
    />,
    layer,
  );

  return { close: () => render(null, layer) };
}

function addStylesOnce(layer: HTMLElement): void {
  const root = layer.getRootNode();
  if (!(root instanceof ShadowRoot) || styledRoots.has(root)) return;

  adoptStyles(root, DIALOG_CSS);
  styledRoots.add(root);
}
