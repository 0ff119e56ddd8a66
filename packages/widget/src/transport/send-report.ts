/**
 * Sends one report to the relay as `multipart/form-data`: the report's JSON
 * in a part named `report`, and each attachment in a part named after its
 * kind. One attempt, no retries: the outbox (`../outbox/`) decides when
 * to try again.
 */
import type { AttachmentKind, ReportInput, ReportIssue } from '@hypercare/shared';

import { NetworkError, ReportRejectedError, UnexpectedResponseError } from './errors.js';

export interface ReportAttachment {
  kind: AttachmentKind;
  blob: Blob;
  /** The file name the relay sees. Default: `<kind>.webp` or `.png` and so on, by the blob's type. */
  filename?: string;
}

export interface SendReportOptions {
  /** The fetch to use; tests pass their own. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Gives up when the relay has not answered in time. Default: 60 seconds. */
  timeoutMs?: number;
  /** Lets the request outlive the page, for sends while it closes. Default: `false`. */
  keepalive?: boolean;
  /** Gives up when this aborts, as the outbox does when the browser goes offline. Default: none. */
  signal?: AbortSignal;
}

/** The relay's receipt for an accepted report. */
export interface Receipt {
  /** What the user quotes to support, such as `HC-7F3K2Q`. */
  reference: string;
  /** When the relay accepted the report, ISO 8601. */
  receivedAt: string;
  /** The reference the widget proposed, when the relay had to give another. */
  requestedReference?: string;
}

export const REPORTS_PATH = '/v1/reports';

/** The abort reason that tells a caller's cancel from the timeout. */
const CANCELLED = 'cancelled';

/** Long enough for a screenshot over a slow mobile link. */
export const DEFAULT_SEND_TIMEOUT_MS = 60_000;

/**
 * Posts a report to `relay` and resolves with its receipt. Rejects with a
 * `ReportRejectedError` when the relay refuses it, a `NetworkError` when the
 * relay cannot be reached in time, and an `UnexpectedResponseError` when it
 * answers success without a reference.
 */
export async function sendReport(
  relay: string,
  report: ReportInput,
  attachments: readonly ReportAttachment[] = [],
  options: SendReportOptions = {},
): Promise<Receipt> {
  const url = relay.replace(/\/+$/, '') + REPORTS_PATH;
  const body = toFormData(report, attachments);
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;

  // One deadline for the whole exchange, body included.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const cancel = () => controller.abort(CANCELLED);
  options.signal?.addEventListener('abort', cancel);
  if (options.signal?.aborted) cancel();

  try {
    const init = { signal: controller.signal, keepalive: options.keepalive === true };
    const response = await post(options.fetch ?? fetch, url, body, init, timeoutMs);
    const payload = await readJson(response);

    if (!response.ok) throw toRejectedError(response, payload);

    return toReceipt(response, payload);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** The multipart body the relay reads. */
export function toFormData(
  report: ReportInput,
  attachments: readonly ReportAttachment[],
): FormData {
  const form = new FormData();
  form.append('report', JSON.stringify(report));

  for (const attachment of attachments) {
    const filename = attachment.filename ?? `${attachment.kind}.${extensionOf(attachment.blob.type)}`;
    form.append(attachment.kind, attachment.blob, filename);
  }
  return form;
}

async function post(
  fetcher: typeof fetch,
  url: string,
  body: FormData,
  init: { signal: AbortSignal; keepalive: boolean },
  timeoutMs: number,
): Promise<Response> {
  try {
    // No cookies: the relay authenticates nothing, and credentials would make
    // CORS demand an exact origin instead of `*`.
    return await fetcher(url, {
      method: 'POST',
      body,
      credentials: 'omit',
      ...(init.keepalive && { keepalive: true }),
      signal: init.signal,
    });
  } catch (error) {
    const reason = !init.signal.aborted
      ? `could not reach the relay at ${url}`
      : init.signal.reason === CANCELLED
        ? 'it was cancelled'
        : `the relay did not answer within ${timeoutMs / 1000} s`;
    throw new NetworkError(reason, { cause: error });
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    // A proxy's HTML error page, or an empty body.
    return undefined;
  }
}

function toRejectedError(response: Response, payload: unknown): ReportRejectedError {
  const error = (payload as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === 'string' ? error.message : response.statusText || 'no reason given';

  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  return new ReportRejectedError(
    response.status,
    code,
    message,
    toIssues(error?.issues),
    retryAfterMs,
  );
}

/**
 * Reads `Retry-After` as delay-seconds or an HTTP date (RFC 9110, section
 * 10.2.3) into milliseconds from `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;

  if (/^\d+$/.test(text)) return Number(text) * 1000;

  // Every HTTP date form names a month or weekday; Date.parse alone would
  // take "-5" for a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function toIssues(value: unknown): ReportIssue[] {
  if (!Array.isArray(value)) return [];

  return value.filter(
    (issue): issue is ReportIssue =>
      typeof issue?.field === 'string' && typeof issue?.message === 'string',
  );
}

function toReceipt(response: Response, payload: unknown): Receipt {
  const { reference, receivedAt, requestedReference } = (payload ?? {}) as Record<string, unknown>;
  if (typeof reference !== 'string' || reference === '') {
    throw new UnexpectedResponseError(response.status, 'the relay answered without a reference');
  }

  return {
    reference,
    receivedAt: typeof receivedAt === 'string' ? receivedAt : '',
    ...(typeof requestedReference === 'string' && { requestedReference }),
  };
}

/** Screenshots are WebP or PNG, whichever is smaller; attached files may be JPEG. */
function extensionOf(type: string): string {
  const subtype = /^image\/(png|webp|jpeg)$/.exec(type)?.[1];
  if (subtype === 'jpeg') return 'jpg';
  return subtype ?? 'png';
}
