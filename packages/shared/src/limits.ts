/**
 * Bounds on what a report may hold. The widget trims to them before sending
 * and the relay rejects what goes past them, so both read them from here.
 */

export const MAX_DESCRIPTION_LENGTH = 5_000;

/** RFC 5321 caps a forward path at 256 octets, brackets included. */
export const MAX_EMAIL_LENGTH = 254;

export const MAX_URL_LENGTH = 4_096;

export const MAX_SHORT_TEXT_LENGTH = 1_024;

/** The report's JSON part, without attachments. */
export const MAX_REPORT_JSON_BYTES = 256 * 1024;

export const MAX_ATTACHMENTS = 5;

export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;

/** A whole intake request: the JSON part, every attachment and framing. */
export const MAX_REQUEST_BYTES =
  MAX_REPORT_JSON_BYTES + MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 64 * 1024;

/** Attachment types the relay accepts and adapters may pass on. */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
] as const;

export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
