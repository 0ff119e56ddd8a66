import { MAX_EMAIL_LENGTH } from '@hypercare/shared';

import type { Messages } from '../messages.js';
import type { FeedbackDraft } from '../report/build-report.js';

/** The dialog's fields that can show a message of their own. */
export type FieldName = 'category' | 'description' | 'email';

export type FieldErrors = Partial<Record<FieldName, string>>;

export const FIELD_NAMES: readonly FieldName[] = ['category', 'description', 'email'];

// Loose on purpose: it catches typos such as a missing @ before sending; the
// relay's stricter check still answers with a message for the field.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a draft before anything is captured or sent. */
export function validateDraft(draft: FeedbackDraft, messages: Messages): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.description.trim()) errors.description = messages.descriptionRequired;

  const email = draft.email.trim();
  if (email && (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email))) {
    errors.email = messages.emailInvalid;
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return FIELD_NAMES.some((name) => errors[name]);
}
