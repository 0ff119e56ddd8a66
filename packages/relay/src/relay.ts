import type { Adapter } from '@hypercare/shared/adapter';
import type { Context, Hono } from 'hono';

import { createApp } from './app.js';
import {
  checkRetryPolicy,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './backoff.js';
import { silentLogger, type Logger } from './logger.js';
import { createAttachmentSigner } from './signed-url.js';
import type { ReportStore } from './store/types.js';
import { createDeliveryWorker, type DeliveryWorker } from './worker.js';

/** A week: long enough for a ticket to be triaged from its links. */
const DEFAULT_ATTACHMENT_URL_TTL_SECONDS = 7 * 24 * 60 * 60;

const DEFAULT_POLL_INTERVAL_MS = 1_000;

const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

const DEFAULT_BATCH_SIZE = 10;

/** 128 bits of a random secret in hex or base64 is well over this. */
const MIN_SECRET_LENGTH = 16;

export interface RelayOptions {
  /** Where reports, attachments and delivery state live. */
  store: ReportStore;
  /** Where reports go; each gets one delivery per adapter. Defaults to none. */
  adapters?: Adapter[];
  /**
   * The relay's public base URL, used in attachment links; a function when
   * it is known only once the server listens.
   */
  publicUrl: string | (() => string);
  /** Signs attachment links; at least 16 characters, kept private. */
  secret: string;
  /** Origins allowed to call `/v1` from a browser; defaults to `['*']`. */
  allowedOrigins?: string[];
  /** Lets non-local clients list reports with `Authorization: Bearer`. */
  adminToken?: string;
  /** Clients that may list reports without a token; defaults to none. */
  isTrustedClient?: (c: Context) => boolean;
  /** Defaults to a silent logger. */
  logger?: Logger;
  /** The fetch adapters use; defaults to the global one. */
  fetch?: typeof fetch;
  /** Hosts the image proxy may fetch from; defaults to none, which turns it off. */
  imageProxyHosts?: string[];
  /** The clock; defaults to the system's. */
  now?: () => Date;
  /** Retry spacing; defaults to `DEFAULT_RETRY_POLICY`. */
  retry?: Partial<RetryPolicy>;
  /** How long attachment links last; defaults to 7 days. */
  attachmentUrlTtlSeconds?: number;
  /** How often the worker looks for due deliveries; defaults to 1 000 ms. */
  pollIntervalMs?: number;
  /** Aborts one delivery attempt after this; defaults to 30 000 ms. */
  attemptTimeoutMs?: number;
  /** The jitter source; tests pin it. Defaults to `Math.random`. */
  random?: () => number;
}

export interface Relay {
  /** The HTTP API; serve it with any Hono adapter, and add routes freely. */
  app: Hono;
  /** Delivers stored reports; call `start()` once the relay serves. */
  worker: Pick<DeliveryWorker, 'start' | 'stop' | 'runOnce'>;
  /** Stops the worker, then closes the store. */
  close(): Promise<void>;
}

/** Options that cannot work, found when the relay is created. */
export class RelayConfigError extends Error {
  override readonly name = 'RelayConfigError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Creates a relay: the HTTP API that takes reports from the widget, and the
 * worker that delivers them. It speaks only web-standard APIs; for Node,
 * `@hypercare/relay/node` wires it to SQLite and an HTTP server.
 *
 * @example
 * const relay = createRelay({
 *   store,
 *   adapters: [createWebhookAdapter({ url, secret: webhookSecret })],
 *   publicUrl: 'https://feedback.example.com',
 *   secret: relaySecret,
 * });
 * relay.worker.start();
 * export default relay.app;
 */
export function createRelay(options: RelayOptions): Relay {
  const adapters = checkAdapters(options.adapters ?? []);
  const publicUrl = toPublicUrl(options.publicUrl);
  checkSecret(options.secret);

  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const signer = createAttachmentSigner({
    secret: options.secret,
    publicUrl,
    ttlSeconds:
      options.attachmentUrlTtlSeconds ?? DEFAULT_ATTACHMENT_URL_TTL_SECONDS,
    now,
  });

  const worker = createDeliveryWorker({
    store: options.store,
    adapters,
    signer,
    logger,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now,
    retry: checkRetryPolicy({ ...DEFAULT_RETRY_POLICY, ...options.retry }),
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
    batchSize: DEFAULT_BATCH_SIZE,
    ...(options.random && { random: options.random }),
  });

  const app = createApp({
    store: options.store,
    adapterNames: adapters.map((adapter) => adapter.name),
    signer,
    allowedOrigins: options.allowedOrigins ?? ['*'],
    ...(options.adminToken && { adminToken: options.adminToken }),
    isTrustedClient: options.isTrustedClient ?? (() => false),
    logger,
    now,
    onReportStored: () => worker.kick(),
    ...(options.imageProxyHosts?.length && {
      imageProxy: { allowedHosts: options.imageProxyHosts, fetch: options.fetch },
    }),
  });

  return {
    app,
    worker: {
      start: () => worker.start(),
      stop: () => worker.stop(),
      runOnce: () => worker.runOnce(),
    },
    close: async () => {
      await worker.stop();
      await options.store.close();
    },
  };
}

function checkAdapters(adapters: Adapter[]): Adapter[] {
  const names = new Set<string>();
  for (const adapter of adapters) {
    if (names.has(adapter.name)) {
      throw new RelayConfigError(
        `Failed to create relay: two adapters are named "${adapter.name}"; ` +
          'deliveries are recorded by name, so names must differ',
      );
    }
    names.add(adapter.name);
  }
  return adapters;
}

function toPublicUrl(publicUrl: string | (() => string)): () => string {
  if (typeof publicUrl === 'string') {
    const checked = checkPublicUrl(publicUrl);
    return () => checked;
  }

  checkPublicUrl(publicUrl());
  return () => checkPublicUrl(publicUrl());
}

function checkPublicUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch (error) {
    throw new RelayConfigError(
      `Failed to create relay: publicUrl "${publicUrl}" is not an absolute URL`,
      { cause: error },
    );
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RelayConfigError(
      `Failed to create relay: publicUrl must use http or https`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new RelayConfigError(
      `Failed to create relay: secret must be at least ` +
        `${MIN_SECRET_LENGTH} characters`,
    );
  }
}
