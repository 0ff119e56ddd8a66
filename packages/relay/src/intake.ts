/**
 * Reads a report submission, `multipart/form-data` with a `report` part and
 * file parts named by attachment kind, or a bare `application/json` report,
 * and checks everything before anything is stored.
 */
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_KINDS,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_REPORT_JSON_BYTES,
  parseReport,
  type AttachmentKind,
  type Report,
  type Submission,
} from '@hypercare/shared';

import {
  InvalidReportError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from './errors.js';
import { SNIFF_BYTES, sniffImageType } from './image-type.js';
import type { NewAttachment } from './store/types.js';

/** The multipart part that carries the report's JSON. */
export const REPORT_PART = 'report';

const MAX_FILENAME_LENGTH = 100;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** A checked file, not yet given an id. */
export type IntakeFile = Omit<NewAttachment, 'id'>;

export interface Intake {
  /** The report as adapters see it, without the widget's `submission`. */
  report: Report;
  files: IntakeFile[];
  /** The widget's idempotency key and proposed reference, when it sent them. */
  submission?: Submission;
}

/** Reads and checks a submission; throws a `RelayHttpError` when it fails. */
export async function readIntake(request: Request): Promise<Intake> {
  const type = mediaType(request.headers.get('content-type'));

  if (type === 'application/json') {
    return { ...parseReportJson(await readJsonBody(request)), files: [] };
  }
  if (type === 'multipart/form-data') return readMultipart(request);

  throw new UnsupportedMediaTypeError(
    `Failed to accept report: send multipart/form-data or ` +
      `application/json, not ${type || 'a body without a type'}`,
  );
}

async function readJsonBody(request: Request): Promise<string> {
  const text = await request.text();
  checkReportSize(text);
  return text;
}

async function readMultipart(request: Request): Promise<Intake> {
  const form = await readForm(request);
  checkPartNames(form);

  const parsed = parseReportJson(await readReportPart(form));
  const files = await readFiles(form);
  return { ...parsed, files };
}

async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    throw new InvalidReportError(
      'invalid_multipart',
      [{ field: '(request)', message: 'is not readable multipart/form-data' }],
      { cause: error },
    );
  }
}

function checkPartNames(form: FormData): void {
  const known = new Set<string>([REPORT_PART, ...ATTACHMENT_KINDS]);

  for (const name of new Set(form.keys())) {
    if (!known.has(name)) {
      throw new InvalidReportError('invalid_report', [
        { field: name, message: 'is not a part the relay accepts' },
      ]);
    }
  }
}

/** The report part may be a plain field or a JSON blob; both are fine. */
async function readReportPart(form: FormData): Promise<string> {
  const parts = form.getAll(REPORT_PART);
  if (parts.length !== 1) {
    const message = parts.length ? 'must be sent once' : 'is required';
    throw new InvalidReportError('invalid_report', [
      { field: REPORT_PART, message },
    ]);
  }

  const part = parts[0]!;
  if (typeof part !== 'string' && part.size > MAX_REPORT_JSON_BYTES) {
    throw reportTooLarge();
  }

  const text = typeof part === 'string' ? part : await part.text();
  checkReportSize(text);
  return text;
}

function parseReportJson(text: string): Omit<Intake, 'files'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidReportError(
      'invalid_json',
      [{ field: REPORT_PART, message: 'is not valid JSON' }],
      { cause: error },
    );
  }

  const result = parseReport(value);
  if (!result.ok) throw new InvalidReportError('invalid_report', result.issues);

  // The key and proposed reference are the relay's business, not a ticket's.
  const { submission, ...report } = result.report;
  return submission ? { report, submission } : { report };
}

function checkReportSize(text: string): void {
  if (new TextEncoder().encode(text).length > MAX_REPORT_JSON_BYTES) {
    throw reportTooLarge();
  }
}

function reportTooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `Failed to accept report: the report JSON is larger than ` +
      `${MAX_REPORT_JSON_BYTES} bytes`,
  );
}

async function readFiles(form: FormData): Promise<IntakeFile[]> {
  const parts = ATTACHMENT_KINDS.flatMap((kind) =>
    form.getAll(kind).map((part) => ({ kind, part })),
  );

  if (parts.length > MAX_ATTACHMENTS) {
    throw new PayloadTooLargeError(
      `Failed to accept report: at most ${MAX_ATTACHMENTS} attachments, ` +
        `not ${parts.length}`,
    );
  }

  const files: IntakeFile[] = [];
  for (const { kind, part } of parts) files.push(await readFile(kind, part));
  return files;
}

async function readFile(
  kind: AttachmentKind,
  part: FormDataEntryValue,
): Promise<IntakeFile> {
  if (typeof part === 'string') {
    throw new InvalidReportError('invalid_report', [
      { field: kind, message: 'must be a file' },
    ]);
  }

  const contentType = checkFileType(kind, part);
  checkFileSize(kind, part);

  const bytes = new Uint8Array(await part.arrayBuffer());
  checkFileBytes(kind, bytes, contentType);

  return {
    kind,
    filename: toFilename(part.name, kind, contentType),
    contentType,
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    bytes,
  };
}

function checkFileType(kind: AttachmentKind, file: File): string {
  const type = mediaType(file.type);
  if ((ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type)) {
    return type;
  }

  throw new UnsupportedMediaTypeError(
    `Failed to accept report: ${kind} must be one of ` +
      `${ATTACHMENT_CONTENT_TYPES.join(', ')}, not ${type || 'untyped'}`,
  );
}

function checkFileSize(kind: AttachmentKind, file: File): void {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    throw new PayloadTooLargeError(
      `Failed to accept report: ${kind} is larger than ` +
        `${MAX_ATTACHMENT_BYTES} bytes`,
    );
  }

  if (file.size === 0) {
    throw new InvalidReportError('invalid_report', [
      { field: kind, message: 'must not be empty' },
    ]);
  }
}

/**
 * The declared type comes from the client; the bytes decide. A file that
 * claims to be an image but is not could be served back to a browser as
 * something else.
 */
function checkFileBytes(
  kind: AttachmentKind,
  bytes: Uint8Array,
  contentType: string,
): void {
  const actual = sniffImageType(bytes.subarray(0, SNIFF_BYTES));
  if (actual === contentType) return;

  throw new UnsupportedMediaTypeError(
    `Failed to accept report: ${kind} claims to be ${contentType} but its ` +
      `bytes are ${actual ?? 'not an accepted image'}`,
  );
}

/**
 * Control, quote and bidirectional formatting characters. The last let a
 * name such as `scr\u202Egnp.exe` display as `screxe.png` (Unicode TR 36,
 * section 2.1) in the tools that show attachments to support agents.
 */
const UNSAFE_FILENAME_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Keeps the base name the browser sent, without path or unsafe characters,
 * and ending in the extension of the type its bytes really have. Browsers
 * name appended Blobs `blob`, which tells nobody anything, so those get
 * `<kind>.<ext>`.
 */
function toFilename(
  name: string,
  kind: AttachmentKind,
  contentType: string,
): string {
  const extension = EXTENSIONS[contentType] ?? 'bin';
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(UNSAFE_FILENAME_CHARACTERS, '')
    .trim()
    .slice(-MAX_FILENAME_LENGTH);

  if (!clean || clean === 'blob') return `${kind}.${extension}`;
  if (hasExtension(clean, extension)) return clean;
  return `${clean.slice(0, MAX_FILENAME_LENGTH - extension.length - 1)}.${extension}`;
}

function hasExtension(filename: string, extension: string): boolean {
  const lower = filename.toLowerCase();
  if (extension === 'jpg' && lower.endsWith('.jpeg')) return true;
  return lower.endsWith(`.${extension}`);
}

function mediaType(header: string | null): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
