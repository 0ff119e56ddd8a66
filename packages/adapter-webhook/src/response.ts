import type { DeliveryResult } from '@hypercare/shared/adapter';

/**
 * Statuses worth another try: request timeout, conflict (the receiver was
 * busy with the same message), too early and too many requests (RFC 9110
 * section 15.5, RFC 8470, RFC 6585). Every 5xx is retryable too.
 */
const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

/** How much of an error body goes into a message. */
const MAX_ERROR_TEXT = 200;

/** How much of a success body we read looking for a ticket id. */
const MAX_RECEIPT_BYTES = 64 * 1024;

export const FAILURE_PREFIX = 'Failed to deliver webhook';

/** Maps the receiver's answer to a delivery result. */
export async function toDeliveryResult(
  response: Response,
  fallbackId: string,
  now: Date,
): Promise<DeliveryResult> {
  if (response.ok) return readReceipt(response, fallbackId);

  const result: DeliveryResult = {
    ok: false,
    retryable: isRetryableStatus(response.status),
    message: `${FAILURE_PREFIX}: ${await describeStatus(response)}`,
  };

  const retryAfter = response.headers.get('retry-after');
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  return result;
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_STATUSES.has(status);
}

/**
 * Reads `Retry-After` as delay-seconds or an HTTP date (RFC 9110 section
 * 10.2.3) into milliseconds from `now`; anything else is ignored.
 */
export function parseRetryAfter(
  value: string | null,
  now: Date,
): number | undefined {
  if (!value) return undefined;

  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  // HTTP dates always name the month; Date.parse alone takes "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/**
 * A receiver that files a ticket may answer `{"id": "...", "url": "..."}`;
 * we keep those as the external id and link. Otherwise the message id is
 * the best handle a support agent has to find the delivery.
 */
async function readReceipt(
  response: Response,
  fallbackId: string,
): Promise<DeliveryResult> {
  const receipt = await readJson(response);
  const id = typeof receipt?.id === 'string' ? receipt.id : undefined;
  const url = typeof receipt?.url === 'string' ? receipt.url : undefined;

  const result: DeliveryResult = { ok: true, externalId: id ?? fallbackId };
  if (url && /^https?:\/\//.test(url)) result.externalUrl = url;
  return result;
}

async function readJson(
  response: Response,
): Promise<Record<string, unknown> | undefined> {
  const type = response.headers.get('content-type') ?? '';
  const length = Number(response.headers.get('content-length') ?? 0);
  if (!type.includes('json') || length > MAX_RECEIPT_BYTES) {
    await response.body?.cancel();
    return undefined;
  }

  try {
    const text = await response.text();
    if (text.length > MAX_RECEIPT_BYTES) return undefined;
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `422 Unprocessable Entity (missing field "x")`: the body says most. */
async function describeStatus(response: Response): Promise<string> {
  const body = await readErrorText(response);
  const status = `${response.status} ${response.statusText}`.trim();
  return body ? `${status} (${body})` : status;
}

async function readErrorText(response: Response): Promise<string> {
  try {
    const text = await response.text();
    return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_TEXT);
  } catch {
    return '';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
