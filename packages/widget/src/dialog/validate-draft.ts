import { isEmailAddress } from '@hypercare/shared';

import type { Messages } from '../messages.js';
import type { FeedbackDraft } from '../report/build-report.js';

/** The dialog's fields that can show a message of their own. */
export type FieldName = 'category' | 'description' | 'email';

export type FieldErrors = Partial<Record<FieldName, string>>;

export const FIELD_NAMES: readonly FieldName[] = ['category', 'description', 'email'];

/** Checks a draft before anything is captured or sent. */
export function validateDraft(draft: FeedbackDraft, messages: Messages): FieldErrors {
  const errors: FieldErrors = {};
  if (!draft.description.trim()) errors.description = messages.descriptionRequired;

  const email = draft.email.trim();
  // The relay's own rule, so an address it would refuse is caught here,
  // before a screenshot is encoded and sent for nothing.
  if (email && !isEmailAddress(email)) {
    errors.email = messages.emailInvalid;
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return FIELD_NAMES.some((name) => errors[name]);
}
