import type {
  Adapter,
  DeliveryContext,
  DeliveryReport,
  DeliveryResult,
} from '@hypercare/shared/adapter';

import { toReportCreatedEvent } from './event.js';
import { FAILURE_PREFIX, toDeliveryResult } from './response.js';
import { parseWebhookSecret, signWebhook } from './signature.js';

/** Long enough for a slow receiver, short enough to free the worker. */
const DEFAULT_TIMEOUT_MS = 10_000;

const USER_AGENT = 'Hypercare-Webhook/0.1';

export interface WebhookAdapterOptions {
  /** Where to POST events; an absolute http(s) URL. */
  url: string;
  /** The shared signing secret, `whsec_<base64>`. */
  secret: string;
  /** Gives up on one attempt after this long; defaults to 10 000 ms. */
  timeoutMs?: number;
  /** Recorded with each delivery; defaults to `webhook`. */
  name?: string;
  /** Extra request headers, such as a receiver's own API key. */
  headers?: Record<string, string>;
}

/** Options that cannot work, found when the adapter is created. */
export class WebhookConfigError extends Error {
  override readonly name = 'WebhookConfigError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Creates an adapter that POSTs each report as a signed `report.created`
 * event, following the Standard Webhooks spec so receivers can verify it
 * with `verifyWebhook` or any Standard Webhooks library. A receiver that
 * files a ticket may answer `{"id": "SUP-42", "url": "https://…"}`; the
 * relay then records that ticket against the report.
 *
 * @example
 * const webhook = createWebhookAdapter({
 *   url: 'https://support.example.com/hooks/hypercare',
 *   secret: process.env.HYPERCARE_WEBHOOK_SECRET,
 * });
 */
export function createWebhookAdapter(options: WebhookAdapterOptions): Adapter {
  const url = checkUrl(options.url);
  checkSecret(options.secret);
  const timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  return {
    name: options.name ?? 'webhook',
    deliver: (report, context) =>
      deliver(report, context, { ...options, url, timeoutMs }),
  };
}

async function deliver(
  report: DeliveryReport,
  context: DeliveryContext,
  options: WebhookAdapterOptions & { timeoutMs: number },
): Promise<DeliveryResult> {
  // One id per report, so a receiver can drop the duplicates retries make.
  const id = `msg_${report.id}`;
  const body = JSON.stringify(toReportCreatedEvent(report));
  const signed = await signWebhook({ secret: options.secret, id, body });

  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([context.signal, timeout]);

  try {
    const response = await context.fetch(options.url, {
      method: 'POST',
      headers: {
        ...options.headers,
        ...signed,
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
      },
      body,
      signal,
      // A receiver is configured by its final URL; following a redirect would
      // send the report, signature and all, somewhere nobody chose.
      redirect: 'manual',
    });
    return await toDeliveryResult(response, id, new Date());
  } catch (error) {
    return toNetworkFailure(error, timeout.aborted, options.timeoutMs);
  }
}

function toNetworkFailure(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number,
): DeliveryResult {
  const reason = timedOut
    ? `timed out after ${timeoutMs} ms`
    : describeError(error);

  const message = `${FAILURE_PREFIX}: ${reason}`;
  return { ok: false, retryable: true, message };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);

  // Node's fetch hides the socket error (ECONNREFUSED and so on) in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new WebhookConfigError(
      `Failed to create webhook adapter: url "${url}" is not an absolute URL`,
      { cause: error },
    );
  }

  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new WebhookConfigError(
      `Failed to create webhook adapter: url must use http or https, ` +
        `not ${parsed.protocol}`,
    );
  }

  return parsed.href;
}

function checkSecret(secret: string): void {
  try {
    parseWebhookSecret(secret, { requirePrefix: true });
  } catch (error) {
    throw new WebhookConfigError(
      'Failed to create webhook adapter: secret must have the form ' +
        'whsec_<base64>',
      { cause: error },
    );
  }
}

function checkTimeout(timeoutMs: number): number {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new WebhookConfigError(
      `Failed to create webhook adapter: timeoutMs must be a positive ` +
        `number, not ${timeoutMs}`,
    );
  }

  return timeoutMs;
}
