import {
  MAX_DESCRIPTION_LENGTH,
  MAX_EMAIL_LENGTH,
  SCHEMA_VERSION,
  type Category,
  type ReportInput,
} from '@hypercare/shared';

import type { CaptureDiagnostic } from '../capture/capture-screenshot.js';
import type { ReportContextInput } from '../context/collectors.js';

/** What the user typed and chose in the dialog. */
export interface FeedbackDraft {
  category: Category;
  description: string;
  /** Empty when the user gave none. */
  email: string;
  /**
   * The screenshot as the user left it: the image to send (marked up, if they
   * did) and how it was got. No `blob` when they removed it or the capture
   * failed; absent when the site turns screenshots off.
   */
  screenshot?: DraftScreenshot;
}

export interface DraftScreenshot {
  /** The image to send; nothing else of the screenshot leaves the page. */
  blob?: Blob;
  diagnostic: CaptureDiagnostic;
}

/** Turns a draft into the report's JSON, trimmed to the schema's limits. */
export function buildReport(
  draft: FeedbackDraft,
  context: ReportContextInput,
  screenshot?: CaptureDiagnostic,
): ReportInput {
  const email = draft.email.trim().slice(0, MAX_EMAIL_LENGTH);

  return {
    schemaVersion: SCHEMA_VERSION,
    category: draft.category,
    description: draft.description.trim().slice(0, MAX_DESCRIPTION_LENGTH),
    ...(email ? { email } : {}),
    context,
    ...(screenshot ? { diagnostics: { screenshot } } : {}),
  };
}
