/**
 * The relay's HTTP API on Hono. Routes live under `/v1` and `/healthz`;
 * the JSON 404 and error handlers leave room for routes an embedding server
 * adds later, such as a demo page at `/`.
 */
import {
  createReference,
  isReference,
  MAX_REQUEST_BYTES,
} from '@hypercare/shared';
import { Hono, type Context, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  OriginNotAllowedError,
  PayloadTooLargeError,
  RelayHttpError,
  UnauthorizedError,
  type ErrorBody,
  type ErrorCode,
} from './errors.js';
import { createImageProxy, IMAGE_PROXY_PATH, type ImageProxyOptions } from './image-proxy.js';
import { readIntake, type Intake } from './intake.js';
import type { Logger } from './logger.js';
import type { AttachmentSigner } from './signed-url.js';
import {
  IdempotencyKeyTakenError,
  ReferenceTakenError,
  type ReportStore,
  type StoredReport,
} from './store/types.js';
import { toAdminView, toStatusView, type ReceiptView } from './views.js';

/** A fresh reference clashes about once in a billion; five tries is plenty. */
const MAX_REFERENCE_TRIES = 5;

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 200;

/** Lets browsers skip the preflight for ten minutes. */
const CORS_MAX_AGE_SECONDS = 600;

export interface AppOptions {
  store: ReportStore;
  /** Names of the configured adapters; each report gets one delivery each. */
  adapterNames: string[];
  signer: AttachmentSigner;
  allowedOrigins: string[];
  adminToken?: string;
  isTrustedClient: (c: Context) => boolean;
  logger: Logger;
  now: () => Date;
  /** Called once a report is stored, to wake the delivery worker. */
  onReportStored: () => void;
  /** Serves `GET /v1/image-proxy` for these hosts' images; off when absent. */
  imageProxy?: ImageProxyOptions;
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono();

  // Browsers on other sites may send reports, ask their status and fetch
  // proxied images, nothing more: the admin list and attachment downloads
  // answer no CORS request, so no page elsewhere can read them through a
  // visitor's browser.
  const allowBrowsers = (methods: string[]) =>
    cors(toCorsOptions(options.allowedOrigins, methods));
  app.on(['POST', 'OPTIONS'], '/v1/reports', allowBrowsers(['POST']));
  app.on(['GET', 'HEAD', 'OPTIONS'], '/v1/reports/:reference', allowBrowsers(['GET', 'HEAD']));
  app.get('/healthz', (c) => c.json({ ok: true }));

  app.post(
    '/v1/reports',
    (c, next) => rejectForeignOrigin(c, next, options.allowedOrigins),
    bodyLimit({ maxSize: MAX_REQUEST_BYTES, onError: rejectLargeRequest }),
    (c) => acceptReport(c, options),
  );
  app.get('/v1/reports', (c) => listReports(c, options));
  app.get('/v1/reports/:reference', (c) => showStatus(c, options));
  app.post('/v1/reports/:reference/redeliver', (c) => redeliverReport(c, options));
  app.get('/v1/attachments/:id', (c) => serveAttachment(c, options));
  if (options.imageProxy) {
    app.on(['GET', 'OPTIONS'], IMAGE_PROXY_PATH, allowBrowsers(['GET']));
    app.get(IMAGE_PROXY_PATH, createImageProxy(options.imageProxy));
  }

  app.notFound((c) =>
    c.json(
      errorBody('not_found', `Failed to find ${c.req.method} ${c.req.path}`),
      404,
    ),
  );
  app.onError((error, c) => handleError(error, c, options.logger));

  return app;
}

async function acceptReport(c: Context, options: AppOptions) {
  const intake = await readIntake(c.req.raw);
  const stored = await storeReport(intake, options);

  if (stored.repeated) {
    const { reference } = stored.receipt;
    options.logger.info('report repeated', { reference });
    // As Stripe and the IETF Idempotency-Key draft do: the first answer again.
    c.header('Idempotent-Replayed', 'true');
    return c.json(stored.receipt, 200);
  }

  options.logger.info('report stored', {
    reference: stored.receipt.reference,
    category: intake.report.category,
    attachments: intake.files.length,
  });
  options.onReportStored();

  return c.json(stored.receipt, 201);
}

interface StoreOutcome {
  receipt: ReceiptView;
  /** True when a report with the same idempotency key was stored before. */
  repeated: boolean;
}

/**
 * Stores the report once per idempotency key, under the reference the
 * widget proposed when it is free, or a fresh one when it is not.
 */
async function storeReport(
  intake: Intake,
  options: AppOptions,
): Promise<StoreOutcome> {
  const key = intake.submission?.key;
  const earlier = key && (await options.store.getReportByIdempotencyKey(key));
  if (earlier) return { receipt: toReceipt(earlier), repeated: true };

  const id = crypto.randomUUID();
  const receivedAt = options.now();
  const attachments = intake.files.map((file) => ({
    ...file,
    id: crypto.randomUUID(),
  }));
  const requested = intake.submission?.reference;

  for (let tries = 1; ; tries++) {
    const reference = tries === 1 && requested ? requested : createReference();
    try {
      await options.store.insertReport({
        id,
        reference,
        ...(key && { idempotencyKey: key }),
        receivedAt,
        report: intake.report,
        attachments,
        adapters: options.adapterNames,
      });
      const receipt = toReceipt({ reference, receivedAt });
      if (requested && requested !== reference) {
        receipt.requestedReference = requested;
      }
      return { receipt, repeated: false };
    } catch (error) {
      const repeat = key && (await findRepeat(error, key, options.store));
      if (repeat) return { receipt: toReceipt(repeat), repeated: true };

      if (!(error instanceof ReferenceTakenError)) throw error;
      if (tries >= MAX_REFERENCE_TRIES) throw error;
    }
  }
}

/** Another request with the same key won the race to store it. */
async function findRepeat(
  error: unknown,
  key: string,
  store: ReportStore,
): Promise<StoredReport | undefined> {
  if (!(error instanceof IdempotencyKeyTakenError)) return undefined;

  const stored = await store.getReportByIdempotencyKey(key);
  if (!stored) throw error;
  return stored;
}

function toReceipt(
  stored: Pick<StoredReport, 'reference' | 'receivedAt'>,
): ReceiptView {
  return {
    reference: stored.reference,
    status: 'received',
    receivedAt: stored.receivedAt.toISOString(),
  };
}

async function showStatus(c: Context, options: AppOptions) {
  const stored = await findReport(c, options, 'look up report');
  return c.json(toStatusView(stored));
}

/**
 * Gives failed deliveries of a report another go, once whatever refused
 * them (a wrong URL, a revoked credential) has been put right.
 */
async function redeliverReport(c: Context, options: AppOptions) {
  await authorizeAdmin(c, options, 'redeliver report');
  const stored = await findReport(c, options, 'redeliver report');

  const adapters = await options.store.requeueFailed(stored.id, options.now());
  if (adapters.length > 0) options.onReportStored();
  options.logger.info('report requeued', { reference: stored.reference, adapters });

  return c.json({ reference: stored.reference, requeued: adapters });
}

async function findReport(c: Context, options: AppOptions, action: string) {
  // References are read out over the phone and typed back in lower case.
  const given = c.req.param('reference') ?? '';
  const reference = given.trim().toUpperCase();
  if (!isReference(reference)) {
    throw new InvalidRequestError(
      'invalid_reference',
      `Failed to ${action}: "${given.slice(0, 40)}" is not a ` +
        'reference like HC-7F3K2Q',
    );
  }

  const stored = await options.store.getReportByReference(reference);
  if (!stored) {
    throw new NotFoundError(`Failed to ${action}: no report has reference ${reference}`);
  }
  return stored;
}

async function listReports(c: Context, options: AppOptions) {
  await authorizeAdmin(c, options);
  const limit = readLimit(c.req.query('limit'));

  const reports = await options.store.listReports({ limit });
  const views = await Promise.all(
    reports.map((report) => toAdminView(report, options.signer)),
  );

  return c.json({ reports: views });
}

/**
 * Loopback clients (demo mode) need nothing; everyone else needs the admin
 * token as a bearer token, and without a configured token nobody else gets in.
 */
async function authorizeAdmin(
  c: Context,
  options: AppOptions,
  action = 'list reports',
): Promise<void> {
  if (options.isTrustedClient(c)) return;

  const header = c.req.header('authorization');
  if (!header) {
    if (!options.adminToken) {
      throw new ForbiddenError(
        `Failed to ${action}: only local clients may do this ` +
          'when no admin token is configured',
      );
    }
    c.header('WWW-Authenticate', 'Bearer realm="hypercare"');
    throw new UnauthorizedError(
      `Failed to ${action}: send Authorization: Bearer <admin token>`,
    );
  }

  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const granted =
    options.adminToken !== undefined &&
    token !== undefined &&
    (await safeEqual(token, options.adminToken));
  if (!granted) {
    throw new ForbiddenError(`Failed to ${action}: the token is not valid`);
  }
}

function readLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIST_LIMIT;

  const limit = Number(text);
  // Number() also reads "0x10", "1e2" and " 5"; only plain digits are meant.
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidRequestError(
      'invalid_query',
      `Failed to list reports: limit must be a whole number from 1 to ` +
        `${MAX_LIST_LIMIT}, not "${text}"`,
    );
  }
  return limit;
}

async function serveAttachment(c: Context, options: AppOptions) {
  const id = c.req.param('id') ?? '';
  await options.signer.verify(
    id,
    c.req.query('expires') ?? '',
    c.req.query('signature') ?? '',
  );

  const attachment = await options.store.getAttachment(id);
  if (!attachment) {
    throw new NotFoundError('Failed to open attachment: it does not exist');
  }

  return new Response(attachment.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.filename),
      'X-Content-Type-Options': 'nosniff',
      // The link is a credential; shared caches must not keep the bytes.
      'Cache-Control': 'private',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}

/** RFC 6266: an ASCII fallback plus the exact name in RFC 8187 form. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

function rejectLargeRequest(): never {
  throw new PayloadTooLargeError(
    `Failed to accept report: the request is larger than ` +
      `${MAX_REQUEST_BYTES} bytes`,
  );
}

function handleError(error: Error, c: Context, logger: Logger) {
  if (error instanceof RelayHttpError) {
    return c.json(error.toBody(), error.status as ContentfulStatusCode);
  }

  if (error instanceof HTTPException) {
    if (error.res) return error.getResponse();
    const code = error.status === 413 ? 'too_large' : 'internal_error';
    return c.json(errorBody(code, error.message), error.status);
  }

  logger.error('request failed', {
    method: c.req.method,
    path: c.req.path,
    error,
  });
  return c.json(
    errorBody('internal_error', 'Failed to handle request: internal error'),
    500,
  );
}

function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/**
 * A multipart POST needs no CORS preflight, so without this check a page
 * from a site that is not allowed would still get its report stored; the
 * browser would only hide the answer. Requests without `Origin` come from
 * outside browsers, where CORS means nothing.
 */
async function rejectForeignOrigin(c: Context, next: Next, allowedOrigins: string[]) {
  const origin = c.req.header('origin');
  if (origin === undefined || allowedOrigins.includes('*') || allowedOrigins.includes(origin)) {
    return next();
  }
  throw new OriginNotAllowedError(
    `Failed to accept report: pages on ${origin} may not send reports to this relay`,
  );
}

function toCorsOptions(allowedOrigins: string[], allowMethods: string[]) {
  return {
    origin: allowedOrigins.includes('*') ? '*' : allowedOrigins,
    allowMethods,
    maxAge: CORS_MAX_AGE_SECONDS,
  };
}

/** Compares digests, so the time taken says nothing about the token. */
async function safeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [left, right] = await Promise.all(
    [a, b].map(async (text) =>
      new Uint8Array(
        await crypto.subtle.digest('SHA-256', encoder.encode(text)),
      ),
    ),
  );

  let difference = 0;
  for (let i = 0; i < left!.length; i++) difference |= left![i]! ^ right![i]!;
  return difference === 0;
}
