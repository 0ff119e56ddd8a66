import { format, type Messages } from '../messages.js';
import type { ReportRejectedError } from '../transport/errors.js';
import { FIELD_NAMES, type FieldErrors, type FieldName } from './validate-draft.js';

/** What the dialog shows when sending failed. */
export interface Failure {
  /** The sentence for the status area. */
  status: string;
  /** Messages for the fields the relay objected to. */
  fields: FieldErrors;
}

/** Turns a send error into plain words, with the relay's field messages where it gave any. */
export function describeFailure(error: unknown, messages: Messages): Failure {
  if (isNamed(error, 'NetworkError')) return { status: messages.offline, fields: {} };

  if (!isNamed<ReportRejectedError>(error, 'ReportRejectedError')) {
    return { status: messages.unexpected, fields: {} };
  }

  if (error.status === 413) return { status: messages.tooLarge, fields: {} };

  if (error.status === 429) return { status: messages.tooMany, fields: {} };

  if (error.status >= 500) return { status: messages.serverError, fields: {} };

  return describeIssues(error, messages);
}

function describeIssues(error: ReportRejectedError, messages: Messages): Failure {
  const fields: FieldErrors = {};
  const others: string[] = [];

  for (const issue of error.issues) {
    if (isFieldName(issue.field)) fields[issue.field] ??= toSentence(issue.message);
    else others.push(`${issue.field} ${issue.message}`);
  }

  if (others.length === 0 && Object.keys(fields).length > 0) {
    return { status: messages.checkFields, fields };
  }

  const reason = others.join('; ') || error.reason;
  return { status: format(messages.rejected, { reason }), fields };
}

function isFieldName(field: string): field is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(field);
}

// The relay's messages read as predicates ("must not be empty"); under a
// field they read better as a sentence.
function toSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// By name rather than instanceof: the error classes live in the outbox's
// chunk, which the dialog loads only when the user sends.
function isNamed<T extends Error>(error: unknown, name: string): error is T {
  return error instanceof Error && error.name === name;
}
