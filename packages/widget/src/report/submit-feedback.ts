/**
 * What pressing "Send" does: collect the context, build the report and send
 * it with the screenshot the draft carries (taken when the dialog opened, and
 * perhaps marked up since). Each step is passed in, so the dialog's tests run
 * it with fakes.
 */
import type { ReportInput } from '@hypercare/shared';

import type { CaptureDiagnostic } from '../capture/capture-screenshot.js';
import type { ReportContextInput } from '../context/collectors.js';
import { collectContext } from '../context/collect-context.js';
import type { HypercareLogger } from '../logger.js';
import type { OutboxAttachment, OutboxOptions, OutboxReceipt } from '../outbox/outbox.js';
import type { Receipt } from '../transport/send-report.js';
import { buildReport, type DraftScreenshot, type FeedbackDraft } from './build-report.js';

export interface SubmitFeedbackOptions {
  /** The relay's base URL. Required. */
  relay: string;
  /** Whether the site allows screenshots; `false` drops any the draft has. Default: `true`. */
  screenshot?: boolean;
  /**
   * Sends the report. Default: through the page's outbox, which keeps it on
   * the device until the relay has it.
   */
  send?: (
    relay: string,
    report: ReportInput,
    attachments: OutboxAttachment[],
  ) => Promise<FeedbackReceipt>;
  /** Bounds on reports waiting on the device. Default: the outbox's. */
  outbox?: OutboxOptions;
  /** Collects the context. Default: `collectContext` on the global window. */
  collect?: () => ReportContextInput;
  /** Hears how each step went. Default: none. */
  logger?: HypercareLogger;
}

/** The relay's receipt, and, from the outbox, whether the report is sent or waits. */
export type FeedbackReceipt = Receipt & Partial<Omit<OutboxReceipt, keyof Receipt>>;

export type SubmitFeedback = (draft: FeedbackDraft) => Promise<FeedbackReceipt>;

/** Makes the function the dialog calls on "Send"; it rejects with the transport's errors. */
export function createSubmitFeedback(options: SubmitFeedbackOptions): SubmitFeedback {
  const logger = options.logger;
  const send = options.send ?? sendThroughOutbox(options);
  const collect = options.collect ?? (() => collectContext({ logger }));

  return async (draft) => {
    const shot = pickScreenshot(draft, options);
    if (shot.diagnostic.status === 'failed') {
      logger?.warn(`Failed to capture a screenshot: ${shot.diagnostic.reason}`);
    }

    const report = buildReport(draft, collect(), shot.diagnostic);
    // The screenshot may be left out if the relay finds the report too large.
    const attachments: OutboxAttachment[] = shot.blob
      ? [{ kind: 'screenshot', blob: shot.blob, optional: true }]
      : [];

    const receipt = await send(options.relay, report, attachments);
    logger?.debug(`Report ${receipt.reference}: ${receipt.delivery ?? 'sent'}`);
    return receipt;
  };
}

/**
 * Sends through the outbox, whose chunk starts loading as the dialog opens:
 * a user who goes offline while writing must still find it there on Send,
 * when it can no longer be fetched. A load that failed is tried again then.
 */
function sendThroughOutbox(
  options: SubmitFeedbackOptions,
): NonNullable<SubmitFeedbackOptions['send']> {
  const load = () => import('../outbox/outbox.js');
  let loading = load();
  loading.catch(() => undefined);

  return async (relay, report, attachments) => {
    const { getOutbox } = await loading.catch(() => (loading = load()));
    const outbox = getOutbox({ ...options.outbox, relay, logger: options.logger });
    outbox.start();
    return outbox.submit(report, attachments);
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
