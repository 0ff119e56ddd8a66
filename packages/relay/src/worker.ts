/**
 * The delivery worker: claims due deliveries from the store, hands each
 * report to its adapter and records the outcome, retrying with backoff.
 * Nothing an adapter does, throwing included, can stop the relay.
 */
import type { Adapter, DeliveryResult } from '@hypercare/shared/adapter';

import { retryDelayMs, type RetryPolicy } from './backoff.js';
import { toDeliveryReport } from './delivery-report.js';
import type { LogFields, Logger } from './logger.js';
import type { AttachmentSigner } from './signed-url.js';
import type {
  ClaimedDelivery,
  ReportStore,
  StoredReport,
} from './store/types.js';

/** How long `stop()` lets attempts finish before aborting them. */
const STOP_GRACE_MS = 5_000;

/** Extra lease time beyond the attempt timeout, for recording the result. */
const LEASE_MARGIN_MS = 30_000;

export interface DeliveryWorker {
  /** Starts polling; idempotent. */
  start(): void;
  /** Stops polling and waits for attempts in flight. */
  stop(): Promise<void>;
  /** Claims and attempts what is due now; resolves to how many it tried. */
  runOnce(): Promise<number>;
  /** Runs soon instead of at the next poll, when started. */
  kick(): void;
}

export interface WorkerOptions {
  store: ReportStore;
  adapters: Adapter[];
  signer: AttachmentSigner;
  logger: Logger;
  fetch: typeof fetch;
  now: () => Date;
  retry: RetryPolicy;
  pollIntervalMs: number;
  attemptTimeoutMs: number;
  /** Deliveries claimed per run. */
  batchSize: number;
  random?: () => number;
}

export function createDeliveryWorker(options: WorkerOptions): DeliveryWorker {
  const adapters = new Map(options.adapters.map((a) => [a.name, a]));
  const stopping = new AbortController();

  let started = false;
  let loop: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | undefined;
  let kicked = false;

  const runOnce = (): Promise<number> => {
    const run = queue.then(() => runBatch(options, adapters, stopping.signal));
    queue = run.catch(() => undefined);
    return run;
  };

  async function poll(): Promise<void> {
    while (started) {
      kicked = false;
      await runOnce().catch((error: unknown) =>
        options.logger.error('delivery run failed', { error }),
      );
      if (started && !kicked) await sleep(options.pollIntervalMs);
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return {
    start() {
      if (started || stopping.signal.aborted) return;
      started = true;
      loop = poll();
    },

    async stop() {
      started = false;
      wake?.();

      const settled = Promise.all([loop, queue]);
      const grace = setTimeout(
        () => stopping.abort(new Error('relay stopping')),
        STOP_GRACE_MS,
      );
      await settled;
      clearTimeout(grace);
    },

    runOnce,

    kick() {
      kicked = true;
      wake?.();
    },
  };
}

async function runBatch(
  options: WorkerOptions,
  adapters: Map<string, Adapter>,
  stopSignal: AbortSignal,
): Promise<number> {
  if (adapters.size === 0) return 0;

  const claims = await options.store.claimDeliveries({
    adapters: [...adapters.keys()],
    now: options.now(),
    leaseMs: options.attemptTimeoutMs + LEASE_MARGIN_MS,
    limit: options.batchSize,
  });

  await Promise.all(
    claims.map((claim) =>
      attempt(options, adapters.get(claim.adapter)!, claim, stopSignal),
    ),
  );
  return claims.length;
}

async function attempt(
  options: WorkerOptions,
  adapter: Adapter,
  claim: ClaimedDelivery,
  stopSignal: AbortSignal,
): Promise<void> {
  const number = claim.attempts + 1;
  const fields: LogFields = {
    reportId: claim.reportId,
    adapter: adapter.name,
    attempt: number,
  };

  try {
    const stored = await options.store.getReportById(claim.reportId);
    fields.reference = stored?.reference;

    const result = stored
      ? await deliver(options, adapter, stored, number, stopSignal)
      : gone();
    await record(options, claim, number, result, fields);
  } catch (error) {
    // The store failed; the lease runs out and the delivery is claimed again.
    options.logger.error('delivery not recorded', { ...fields, error });
  }
}

async function deliver(
  options: WorkerOptions,
  adapter: Adapter,
  stored: StoredReport,
  number: number,
  stopSignal: AbortSignal,
): Promise<DeliveryResult> {
  const report = await toDeliveryReport(stored, options.store, options.signer);
  const signal = AbortSignal.any([
    stopSignal,
    AbortSignal.timeout(options.attemptTimeoutMs),
  ]);

  try {
    return await adapter.deliver(report, {
      fetch: options.fetch,
      signal,
      attempt: number,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      retryable: true,
      message: `Failed to deliver report: ${adapter.name} threw: ${reason}`,
    };
  }
}

function gone(): DeliveryResult {
  return {
    ok: false,
    retryable: false,
    message: 'Failed to deliver report: it is no longer stored',
  };
}

async function record(
  options: WorkerOptions,
  claim: ClaimedDelivery,
  number: number,
  result: DeliveryResult,
  fields: LogFields,
): Promise<void> {
  const at = options.now();

  if (result.ok) {
    await options.store.recordSuccess(claim, { at, ...pickExternal(result) });
    options.logger.info('report delivered', {
      ...fields,
      externalId: result.externalId,
    });
    return;
  }

  const final = !result.retryable || number >= options.retry.maxAttempts;
  if (final) {
    await options.store.recordFailure(claim, { at, error: result.message });
    options.logger.error('delivery failed', {
      ...fields,
      error: result.message,
    });
    return;
  }

  const wait = retryDelayMs(
    options.retry,
    number,
    result.retryAfterMs,
    options.random,
  );
  const nextAttemptAt = new Date(at.getTime() + wait);
  await options.store.recordFailure(claim, {
    at,
    error: result.message,
    nextAttemptAt,
  });
  options.logger.warn('delivery will be retried', {
    ...fields,
    error: result.message,
    nextAttemptAt: nextAttemptAt.toISOString(),
  });
}

function pickExternal(result: { externalId?: string; externalUrl?: string }) {
  return {
    ...(result.externalId && { externalId: result.externalId }),
    ...(result.externalUrl && { externalUrl: result.externalUrl }),
  };
}
