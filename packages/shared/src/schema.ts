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
import { REFERENCE_PATTERN } from './reference.js';
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

/** Where a screenshot came from: the page's DOM, a shared screen or tab, or a file. */
export const CAPTURE_SOURCES = ['page', 'screen', 'file'] as const;

/** What a page capture could not draw cleanly and drew as a placeholder. */
export const UNRENDERED_KINDS = ['image', 'background', 'svg', 'frame'] as const;

/** Enough to see a pattern; a page with more lists only the first ones. */
export const MAX_UNRENDERED = 20;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const UnrenderedSchema = v.object({
  kind: v.picklist(UNRENDERED_KINDS),
  /** The resource's origin and path, without query or fragment. */
  source: ShortText,
  reason: v.optional(ShortText),
});

export const CaptureDiagnosticSchema = v.object({
  status: v.picklist(['captured', 'declined', 'failed']),
  reason: v.optional(ShortText),
  durationMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  source: v.optional(v.picklist(CAPTURE_SOURCES)),
  format: v.optional(v.picklist(['image/png', 'image/webp', 'image/jpeg'])),
  bytes: v.optional(Count),
  width: v.optional(Dimension),
  height: v.optional(Dimension),
  /** Image pixels per CSS pixel. */
  scale: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(16))),
  /** Regions blacked out before the image left the page. */
  masked: v.optional(Count),
  /** Colours in CSS syntax the renderer cannot read, drawn as their sRGB value. */
  approximated: v.optional(Count),
  unrendered: v.optional(v.pipe(v.array(UnrenderedSchema), v.maxLength(MAX_UNRENDERED))),
});

/**
 * How the widget identifies one report across retries: the relay stores a
 * report once per `key` and answers a repeat with the first reference. The
 * widget proposes the `reference` it already showed the user, so a report
 * saved offline keeps it; the relay gives another only when it is taken.
 */
export const SubmissionSchema = v.object({
  key: v.pipe(
    v.string(),
    v.regex(/^[\w-]{16,128}$/, 'must be 16 to 128 letters, digits, - or _'),
  ),
  reference: v.optional(
    v.pipe(v.string(), v.regex(REFERENCE_PATTERN, 'must be a reference like HC-7F3K2Q')),
  ),
});

/** The reporter's address, as both the widget and the relay check it. */
export const EmailSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(MAX_EMAIL_LENGTH),
  v.email('must be an email address'),
);

/**
 * Whether the relay will take `value` as the reporter's address; the widget
 * asks before sending, so it never lets through what the relay refuses.
 */
export function isEmailAddress(value: string): boolean {
  return v.is(EmailSchema, value);
}

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
  email: v.optional(EmailSchema),
  context: ContextSchema,
  submission: v.optional(SubmissionSchema),
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

export type Submission = v.InferOutput<typeof SubmissionSchema>;

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
