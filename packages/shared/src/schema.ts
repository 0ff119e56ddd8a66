/**
 * The versioned shape of a feedback report as the widget sends it and the
 * relay accepts it. Attachments travel beside the JSON as multipart parts
 * named after their kind; the JSON only describes the report itself.
 */
import * as v from 'valibot';

import {
  MAX_DESCRIPTION_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_SHORT_TEXT_LENGTH,
  MAX_URL_LENGTH,
} from './limits.js';
import { CATEGORIES, SEVERITIES } from './taxonomy.js';

export const SCHEMA_VERSION = 1;

/** The kinds of attachment, which are also the multipart part names. */
export const ATTACHMENT_KINDS = ['screenshot'] as const;

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

const ShortText = v.pipe(v.string(), v.maxLength(MAX_SHORT_TEXT_LENGTH));

const Dimension = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000));

const Size = v.object({ width: Dimension, height: Dimension });

export const ContextSchema = v.object({
  url: v.pipe(v.string(), v.maxLength(MAX_URL_LENGTH), v.url('must be an absolute URL')),
  title: v.optional(ShortText),
  referrer: v.optional(v.pipe(v.string(), v.maxLength(MAX_URL_LENGTH))),
  userAgent: ShortText,
  viewport: Size,
  screen: v.optional(Size),
  devicePixelRatio: v.pipe(v.number(), v.minValue(0.1), v.maxValue(16)),
  language: v.pipe(v.string(), v.maxLength(64)),
  languages: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(32))),
  timeZone: v.pipe(v.string(), v.maxLength(64)),
  time: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
});

export const CaptureDiagnosticSchema = v.object({
  status: v.picklist(['captured', 'declined', 'failed']),
  reason: v.optional(ShortText),
  durationMs: v.optional(v.pipe(v.number(), v.minValue(0))),
});

export const ReportSchema = v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  category: v.picklist(CATEGORIES, `must be one of ${CATEGORIES.join(', ')}`),
  severity: v.optional(v.picklist(SEVERITIES, `must be one of ${SEVERITIES.join(', ')}`)),
  description: v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty('must not be empty'),
    v.maxLength(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`),
  ),
  email: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(MAX_EMAIL_LENGTH),
      v.email('must be an email address'),
    ),
  ),
  context: ContextSchema,
  diagnostics: v.optional(
    v.object({
      screenshot: v.optional(CaptureDiagnosticSchema),
    }),
  ),
});

/** A report as the widget builds it, before validation. */
export type ReportInput = v.InferInput<typeof ReportSchema>;

/** A report after validation: trimmed, with unknown fields dropped. */
export type Report = v.InferOutput<typeof ReportSchema>;

export type ReportContext = Report['context'];

export interface ReportIssue {
  /** Dotted path of the offending field, such as `context.url`. */
  field: string;
  message: string;
}

export type ParseResult =
  | { ok: true; report: Report }
  | { ok: false; issues: ReportIssue[] };

/** Checks an untrusted value against the report schema. */
export function parseReport(input: unknown): ParseResult {
  const result = v.safeParse(ReportSchema, input);
  if (result.success) return { ok: true, report: result.output };
  return { ok: false, issues: result.issues.map(toReportIssue) };
}

function toReportIssue(issue: v.BaseIssue<unknown>): ReportIssue {
  const field = v.getDotPath(issue) ?? '(report)';
  const message = issue.received === 'undefined' ? 'is required' : issue.message;
  return { field, message };
}
