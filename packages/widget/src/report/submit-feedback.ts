/**
 * What pressing "Send" does: take the screenshot (with the widget left out),
 * collect the context, build the report and send it. Each step is passed in,
 * so the dialog's tests run it with fakes.
 */
import {
  captureScreenshot,
  type CaptureDiagnostic,
  type CaptureOptions,
  type CaptureResult,
} from '../capture/capture-screenshot.js';
import type { ReportContextInput } from '../context/collectors.js';
import { collectContext } from '../context/collect-context.js';
import type { HypercareLogger } from '../logger.js';
import { sendReport, type Receipt, type ReportAttachment } from '../transport/send-report.js';
import { buildReport, type FeedbackDraft } from './build-report.js';

export interface SubmitFeedbackOptions {
  /** The relay's base URL. Required. */
  relay: string;
  /** Whether the product allows screenshots at all. Default: `true`. */
  screenshot?: boolean;
  /** The widget's host element, left out of the screenshot. Default: none. */
  exclude?: Element;
  /** Sends the report. Default: `sendReport`. */
  send?: typeof sendReport;
  /** Takes the screenshot. Default: `captureScreenshot`. */
  capture?: (options: CaptureOptions) => Promise<CaptureResult>;
  /** Collects the context. Default: `collectContext` on the global window. */
  collect?: () => ReportContextInput;
  /** Hears how each step went. Default: none. */
  logger?: HypercareLogger;
}

export type SubmitFeedback = (draft: FeedbackDraft) => Promise<Receipt>;

/** Makes the function the dialog calls on "Send"; it rejects with the transport's errors. */
export function createSubmitFeedback(options: SubmitFeedbackOptions): SubmitFeedback {
  const send = options.send ?? sendReport;
  const capture = options.capture ?? captureScreenshot;
  const logger = options.logger;
  const collect = options.collect ?? (() => collectContext({ logger }));

  return async (draft) => {
    const shot = await takeScreenshot(draft, options, capture);
    if (shot.diagnostic.status === 'failed') {
      logger?.warn(`Failed to capture a screenshot: ${shot.diagnostic.reason}`);
    }

    const report = buildReport(draft, collect(), shot.diagnostic);
    const attachments: ReportAttachment[] = shot.blob
      ? [{ kind: 'screenshot', blob: shot.blob }]
      : [];

    const receipt = await send(options.relay, report, attachments);
    logger?.debug(`Sent report ${receipt.reference}`);
    return receipt;
  };
}

async function takeScreenshot(
  draft: FeedbackDraft,
  options: SubmitFeedbackOptions,
  capture: NonNullable<SubmitFeedbackOptions['capture']>,
): Promise<CaptureResult> {
  if (options.screenshot === false) return declined('screenshots are turned off for this site');

  if (!draft.includeScreenshot) return declined('the reporter chose not to include one');

  return capture({ exclude: options.exclude });
}

function declined(reason: string): { diagnostic: CaptureDiagnostic } {
  return { diagnostic: { status: 'declined', reason } };
}
