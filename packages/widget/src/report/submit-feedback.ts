/**
 * What pressing "Send" does: collect the context, build the report and send
 * it with the screenshot the draft carries (taken when the dialog opened, and
 * perhaps marked up since). Each step is passed in, so the dialog's tests run
 * it with fakes.
 */
import type { CaptureDiagnostic } from '../capture/capture-screenshot.js';
import type { ReportContextInput } from '../context/collectors.js';
import { collectContext } from '../context/collect-context.js';
import type { HypercareLogger } from '../logger.js';
import { sendReport, type Receipt, type ReportAttachment } from '../transport/send-report.js';
import { buildReport, type DraftScreenshot, type FeedbackDraft } from './build-report.js';

export interface SubmitFeedbackOptions {
  /** The relay's base URL. Required. */
  relay: string;
  /** Whether the site allows screenshots; `false` drops any the draft has. Default: `true`. */
  screenshot?: boolean;
  /** Sends the report. Default: `sendReport`. */
  send?: typeof sendReport;
  /** Collects the context. Default: `collectContext` on the global window. */
  collect?: () => ReportContextInput;
  /** Hears how each step went. Default: none. */
  logger?: HypercareLogger;
}

export type SubmitFeedback = (draft: FeedbackDraft) => Promise<Receipt>;

/** Makes the function the dialog calls on "Send"; it rejects with the transport's errors. */
export function createSubmitFeedback(options: SubmitFeedbackOptions): SubmitFeedback {
  const send = options.send ?? sendReport;
  const logger = options.logger;
  const collect = options.collect ?? (() => collectContext({ logger }));

  return async (draft) => {
    const shot = pickScreenshot(draft, options);
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

function pickScreenshot(draft: FeedbackDraft, options: SubmitFeedbackOptions): DraftScreenshot {
  if (options.screenshot === false || !draft.screenshot) {
    return declined('screenshots are turned off for this site');
  }

  return draft.screenshot;
}

function declined(reason: string): { diagnostic: CaptureDiagnostic } {
  return { diagnostic: { status: 'declined', reason } };
}
