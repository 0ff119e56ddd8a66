import { format, type Messages } from '../messages.js';
import type { FeedbackReceipt } from '../report/submit-feedback.js';

/** What the dialog shows once the report is sent or kept for later. */
export interface Outcome {
  /** The main sentence, with a `{reference}` slot. */
  message: string;
  /** Anything else the user should know, one sentence each. */
  notes: string[];
}

/** Tells the truth about where the report is: with the relay, on the device, or only in this page. */
export function describeReceipt(
  receipt: FeedbackReceipt,
  messages: Messages,
  online = typeof navigator === 'undefined' || navigator.onLine !== false,
): Outcome {
  // "Back online" would mislead a user whose network is fine while the
  // relay is down or being redeployed.
  const saved = online ? messages.savedServerDown : messages.saved;
  const message =
    receipt.delivery === 'saved'
      ? saved
      : receipt.delivery === 'memory'
        ? messages.savedInMemory
        : messages.sent;

  const notes: string[] = [];
  if (receipt.leftOut?.includes('screenshot')) notes.push(messages.screenshotLeftOut);
  if (receipt.dropped) notes.push(format(messages.droppedOlder, { count: String(receipt.dropped) }));
  return { message, notes };
}
