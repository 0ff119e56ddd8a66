/**
 * The offline outbox. Every report is written to storage before the first
 * attempt to send it, and removed only once the relay has acknowledged it.
 * Each carries an idempotency key made here, so retries, double clicks and
 * two tabs flushing at once still make one ticket. Flushes run on start, on
 * `online`, when the page is visible again and on a backoff timer, one tab
 * at a time, oldest report first.
 */
import { createReference, type AttachmentKind, type ReportInput } from '@hypercare/shared';

import { describeError, type HypercareLogger } from '../logger.js';
import { sendReport, type Receipt, type ReportAttachment } from '../transport/send-report.js';
import { withFlushLock, type StillHeld } from './flush-lock.js';
import {
  createOutboxStorage,
  setPendingHint,
  toReportAttachments,
  type KeptAttachment,
  type KeptIn,
  type OutboxEntry,
  type OutboxStorage,
} from './outbox-storage.js';
import { sendWhileClosing } from './page-close.js';
import { decideRetry, type BackoffOptions, type RetryDecision } from './retry-policy.js';

/** The bounds on what waits on the device, and what gives when one is hit. */
export interface OutboxOptions {
  /** Most reports waiting on this device, for all relays. Default: 500. */
  maxReports?: number;
  /** Most bytes waiting, attachments included. Default: 25 MB. */
  maxBytes?: number;
  /** Reports waiting longer than this are dropped, in ms. Default: 7 days. */
  maxAgeMs?: number;
  /** When full, drop the oldest waiting reports, or keep the new one only in memory. Default: `'drop-oldest'`. */
  whenFull?: 'drop-oldest' | 'drop-newest';
}

export interface OutboxContext extends OutboxOptions {
  /** The relay's base URL. Required. */
  relay: string;
  /** Hears what the outbox does. Default: none. */
  logger?: HypercareLogger;
  /** Where reports wait. Default: IndexedDB with a memory fallback. */
  storage?: OutboxStorage;
  /** Sends one report once. Default: `sendReport`. */
  send?: typeof sendReport;
  /** Spacing of retries. Default: 2 s doubling to 5 min, with jitter. */
  backoff?: BackoffOptions;
  /** The clock, in ms. Default: `Date.now`. */
  now?: () => number;
  /** How long `submit` waits for the relay before saying "saved". Default: 20 s. */
  answerWithinMs?: number;
}

/** An attachment handed to the outbox. */
export interface OutboxAttachment extends ReportAttachment {
  /** May be left out when the relay finds the report too large. Default: `false`. */
  optional?: boolean;
}

/** What became of a submitted report, for the dialog to tell the user. */
export interface OutboxReceipt extends Receipt {
  /**
   * `sent`: the relay has it. `saved`: kept on this device and sent when
   * possible. `memory`: kept only while this page stays open.
   */
  delivery: 'sent' | 'saved' | 'memory';
  /** Attachments left out because the relay found the report too large. */
  leftOut: AttachmentKind[];
  /** Older waiting reports dropped to make room for this one. */
  dropped: number;
}

export interface Outbox {
  /** Keeps the report, tries to send it, and says what became of it. */
  submit(report: ReportInput, attachments?: OutboxAttachment[]): Promise<OutboxReceipt>;
  /** Sends what waits, oldest first, unless another tab is doing so. */
  flush(): Promise<void>;
  /** Flushes now and whenever the network or the page comes back. */
  start(): void;
  /** Stops listening and drops timers; waiting reports stay stored. */
  stop(): void;
  /** What waits for this relay, oldest first. */
  pending(): Promise<OutboxEntry[]>;
  /** How many reports wait to be sent, and how many the relay refused for good. */
  summary(): Promise<OutboxSummary>;
}

export interface OutboxSummary {
  waiting: number;
  refused: number;
}

export const DEFAULT_MAX_REPORTS = 500;

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

const DEFAULT_ANSWER_WITHIN_MS = 20_000;

/** Besides backoff timers, look for reports other tabs left every minute. */
const POLL_INTERVAL_MS = 60_000;

/** One attempt's outcome; `entry` is as it was last sent, perhaps shrunk. */
type Attempt = { entry: OutboxEntry; leftOut: AttachmentKind[] } & (
  | { status: 'sent'; receipt: Receipt }
  | { status: 'failed'; error: unknown; decision: RetryDecision }
);

const outboxes = new Map<string, Outbox>();

/** The page's one outbox for `relay`, made on first use. */
export function getOutbox(context: OutboxContext): Outbox {
  let outbox = outboxes.get(context.relay);
  if (!outbox) {
    outbox = createOutbox(context);
    outboxes.set(context.relay, outbox);
  }
  return outbox;
}

/**
 * Makes an outbox for one relay. Use `getOutbox` in the widget, so the
 * dialog and the start-up flush share one.
 *
 * @example
 * const outbox = createOutbox({ relay: 'https://relay.example.com' });
 * outbox.start();
 * const receipt = await outbox.submit(report, [{ kind: 'screenshot', blob, optional: true }]);
 */
export function createOutbox(context: OutboxContext): Outbox {
  const { relay, logger } = context;
  const storage = context.storage ?? createOutboxStorage({ logger });
  const send = context.send ?? sendReport;
  const now = context.now ?? Date.now;
  const bounds = resolveBounds(context);
  const waiters = new Map<string, (attempt: Attempt | undefined) => void>();
  let known: OutboxEntry[] = [];
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let queuedForce = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  let timerForce = false;
  let stopListening: (() => void) | undefined;
  let inFlight: AbortController | undefined;

  async function submit(
    report: ReportInput,
    attachments: OutboxAttachment[] = [],
  ): Promise<OutboxReceipt> {
    const entry = createEntry(relay, report, attachments, now());
    const kept = await keep(entry);

    const attempt = kept.in ? await flushFor(entry.key) : await tryOnce(entry);
    const leftOut = attempt?.leftOut ?? [];

    if (attempt?.status === 'sent') {
      return { ...attempt.receipt, delivery: 'sent', leftOut, dropped: kept.dropped };
    }

    if (!attempt) return saved(entry, kept.in!, [], kept.dropped);

    // The draft is still in the dialog, where the user reads why it was
    // refused, or that it could not be sent nor kept, and may send it again;
    // a copy that will not be sent would only fill the outbox.
    if (attempt.decision.action === 'hold' || !kept.in) {
      await forget(attempt.entry);
      throw attempt.error;
    }

    return saved(entry, kept.in, leftOut, kept.dropped);
  }

  async function forget(entry: OutboxEntry): Promise<void> {
    await storage.remove(entry);
    known = known.filter((other) => other.key !== entry.key);
  }

  /** Keeps a new entry within the bounds; `in` is undefined when it was refused. */
  async function keep(entry: OutboxEntry): Promise<{ in?: KeptIn; dropped: number }> {
    const waiting = await dropExpired(await storage.list());
    const room = makeRoom(waiting, entry, bounds);

    for (const old of room.drop) await storage.remove(old);
    if (room.drop.length > 0) {
      logger?.warn(`Dropped ${room.drop.length} waiting report(s) to make room for a new one`);
    }
    if (!room.fits) {
      logger?.warn('Failed to keep a report for later: the outbox is full');
      return { dropped: room.drop.length };
    }

    const where = await storage.put(entry);
    if (where === 'disk') setPendingHint(true);
    known = [...known, entry];
    return { in: where, dropped: room.drop.length };
  }

  /** Runs flushes until this entry was tried, or gives up waiting for the relay. */
  function flushFor(key: string): Promise<Attempt | undefined> {
    return new Promise((resolve) => {
      const timeout = setTimeout(() => settle(key, undefined), bounds.answerWithinMs);
      waiters.set(key, (attempt) => {
        clearTimeout(timeout);
        resolve(attempt);
      });
      void flushNow(true);
    });
  }

  function settle(key: string, attempt: Attempt | undefined): void {
    const waiter = waiters.get(key);
    waiters.delete(key);
    waiter?.(attempt);
  }

  function flush(): Promise<void> {
    return flushNow(true);
  }

  /** One flush at a time in this tab; calls during one share one more after it. */
  function flushNow(force: boolean): Promise<void> {
    if (running) {
      queuedForce ||= force;
      queued ??= running.then(() => {
        queued = undefined;
        return flushNow(queuedForce);
      });
      return queued;
    }

    queuedForce = false;
    running = withFlushLock(storage, (stillHeld) => flushAll(force, stillHeld), scheduleRetry)
      .catch((error) => logger?.error(`Failed to flush the outbox: ${describeError(error)}`, error))
      .finally(() => {
        running = undefined;
        // Reports behind one that must wait, or sent by another tab, are
        // saved; unless a queued flush will still try them.
        if (!queued) for (const key of [...waiters.keys()]) settle(key, undefined);
      });
    return running;
  }

  async function flushAll(force: boolean, stillHeld: StillHeld): Promise<void> {
    const waiting = await dropExpired(await storage.list());
    known = waiting.filter((entry) => entry.relay === relay && !entry.heldReason);

    for (const entry of known) {
      const due = Math.max(entry.notBefore ?? 0, force ? 0 : (entry.retryAt ?? 0));
      // A flush the network or the user asked for still waits for the
      // relay's Retry-After, and then goes ahead, not into the backoff.
      if (due > now()) return stopUntil(due, force);

      // A flush longer than the fallback lease renews it, or stops when a
      // tab that thought this one gone has taken over.
      if (!(await stillHeld())) return;

      const attempt = await tryOnce(entry);
      const goOn = await record(attempt);
      settle(entry.key, attempt);
      if (!goOn) return;
    }

    await clearHintIfEmpty();
  }

  /** Stores what one attempt means for the entry; false when the flush must stop. */
  async function record(attempt: Attempt): Promise<boolean> {
    const { entry } = attempt;
    if (attempt.status === 'sent') {
      await forget(entry);
      logger?.debug(`Sent report ${attempt.receipt.reference} from the outbox`);
      return true;
    }

    const { decision } = attempt;
    if (decision.action === 'hold') {
      // The user who is still in the dialog is told there, and the dialog
      // removes it; from a background flush it is kept but not retried.
      if (!waiters.has(entry.key)) {
        logger?.warn(`Keeping report ${entry.reference} unsent: ${decision.reason}`);
        await storage.put({ ...entry, heldReason: decision.reason });
      }
      return true;
    }

    const at = now();
    const delayMs = decision.action === 'retry' ? decision.delayMs : 0;
    const retried: OutboxEntry = { ...entry, attempts: entry.attempts + 1, retryAt: at + delayMs };
    const asked = (attempt.error as { retryAfterMs?: number }).retryAfterMs;
    if (asked !== undefined) retried.notBefore = at + Math.min(asked, delayMs);

    await storage.put(retried);
    logger?.debug(`Will retry report ${entry.reference} in ${delayMs} ms: ${describeError(attempt.error)}`);
    stopUntil(at + delayMs);
    return false;
  }

  /** One send, shrinking the report on 413 while it has optional attachments. */
  async function tryOnce(entry: OutboxEntry): Promise<Attempt> {
    const leftOut: AttachmentKind[] = [];
    let current = entry;

    for (;;) {
      inFlight = new AbortController();
      try {
        const attachments = toReportAttachments(current);
        const receipt = await send(relay, current.report, attachments, { signal: inFlight.signal });
        return { status: 'sent', receipt, entry: current, leftOut };
      } catch (error) {
        const canShrink = current.attachments.some((attachment) => attachment.optional);
        const decision = decideRetry(error, current.attempts + 1, { ...context.backoff, canShrink });
        if (decision.action !== 'shrink') {
          return { status: 'failed', error, decision, entry: current, leftOut };
        }

        const shrunk = leaveOutLargest(current);
        leftOut.push(shrunk.leftOut);
        current = shrunk.entry;
        await storage.put(current);
        logger?.warn(`Sending report ${entry.reference} without its ${shrunk.leftOut}: too large`);
      }
    }
  }

  async function dropExpired(entries: OutboxEntry[]): Promise<OutboxEntry[]> {
    const oldest = now() - bounds.maxAgeMs;
    const expired = entries.filter((entry) => entry.createdAt < oldest);
    for (const entry of expired) {
      logger?.warn(`Dropped report ${entry.reference}: it waited longer than ${bounds.maxAgeMs} ms`);
      await storage.remove(entry);
    }
    return entries.filter((entry) => entry.createdAt >= oldest);
  }

  // Clear, then look again: a report another tab wrote meanwhile sets it back.
  async function clearHintIfEmpty(): Promise<void> {
    if ((await storage.list()).length > 0) return;

    setPendingHint(false);
    if ((await storage.list()).length > 0) setPendingHint(true);
  }

  function stopUntil(at: number, force = false): void {
    scheduleRetry(Math.max(0, at - now()), force);
  }

  function scheduleRetry(delayMs: number, force = false): void {
    timerForce ||= force;
    const at = now() + delayMs;
    if (timer !== undefined && timerAt <= at) return;

    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      const forced = timerForce;
      timer = undefined;
      timerAt = Infinity;
      timerForce = false;
      void flushNow(forced);
    }, delayMs);
  }

  function start(): void {
    if (stopListening || typeof window === 'undefined') return;

    const flushForced = () => void flushNow(true);
    // A request under way when the network went may hang until its timeout,
    // holding the flush lock (seen in Chromium's offline emulation); the
    // stored copy makes dropping it safe.
    const onOffline = () => inFlight?.abort();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') flushForced();
      else sendWhileClosing(relay, known, { send, logger });
    };
    const onPageHide = () => sendWhileClosing(relay, known, { send, logger });
    const poll = setInterval(() => void flushNow(false), POLL_INTERVAL_MS);

    window.addEventListener('online', flushForced);
    window.addEventListener('offline', onOffline);
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    stopListening = () => {
      window.removeEventListener('online', flushForced);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(poll);
    };
    flushForced();
  }

  function stop(): void {
    stopListening?.();
    stopListening = undefined;
    clearTimeout(timer);
    timer = undefined;
    timerAt = Infinity;
    timerForce = false;
  }

  async function pending(): Promise<OutboxEntry[]> {
    return (await storage.list()).filter((entry) => entry.relay === relay);
  }

  async function summary(): Promise<OutboxSummary> {
    const entries = await pending();
    const refused = entries.filter((entry) => entry.heldReason).length;
    return { waiting: entries.length - refused, refused };
  }

  return { submit, flush, start, stop, pending, summary };
}

function saved(
  entry: OutboxEntry,
  where: KeptIn,
  leftOut: AttachmentKind[],
  dropped: number,
): OutboxReceipt {
  return {
    reference: entry.reference,
    receivedAt: '',
    delivery: where === 'disk' ? 'saved' : 'memory',
    leftOut,
    dropped,
  };
}

interface Bounds {
  maxReports: number;
  maxBytes: number;
  maxAgeMs: number;
  whenFull: 'drop-oldest' | 'drop-newest';
  answerWithinMs: number;
}

function resolveBounds(context: OutboxContext): Bounds {
  return {
    maxReports: positive(context.maxReports, DEFAULT_MAX_REPORTS),
    maxBytes: positive(context.maxBytes, DEFAULT_MAX_BYTES),
    maxAgeMs: positive(context.maxAgeMs, DEFAULT_MAX_AGE_MS),
    whenFull: context.whenFull === 'drop-newest' ? 'drop-newest' : 'drop-oldest',
    answerWithinMs: positive(context.answerWithinMs, DEFAULT_ANSWER_WITHIN_MS),
  };
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/**
 * Which waiting entries to drop so `entry` fits, oldest first; with
 * `drop-newest`, or when the entry alone is over the byte bound, none are
 * dropped and the new entry does not fit.
 */
export function makeRoom(
  waiting: OutboxEntry[],
  entry: OutboxEntry,
  bounds: Pick<Bounds, 'maxReports' | 'maxBytes' | 'whenFull'>,
): { fits: boolean; drop: OutboxEntry[] } {
  const over = (kept: OutboxEntry[]) =>
    kept.length + 1 > bounds.maxReports ||
    kept.reduce((sum, e) => sum + e.size, entry.size) > bounds.maxBytes;

  if (!over(waiting)) return { fits: true, drop: [] };

  if (bounds.whenFull === 'drop-newest' || entry.size > bounds.maxBytes) {
    return { fits: false, drop: [] };
  }

  const kept = [...waiting];
  const drop: OutboxEntry[] = [];
  while (kept.length > 0 && over(kept)) drop.push(kept.shift()!);
  return { fits: true, drop };
}

let sequence = 0;

function createEntry(
  relay: string,
  report: ReportInput,
  attachments: OutboxAttachment[],
  createdAt: number,
): OutboxEntry {
  const key = createKey();
  const reference = createReference();
  const kept = attachments.map(toKept);

  return {
    key,
    order: createOrder(createdAt),
    relay,
    reference,
    createdAt,
    report: { ...report, submission: { key, reference } },
    attachments: kept,
    size: byteLength(JSON.stringify(report)) + kept.reduce((sum, a) => sum + a.size, 0),
    attempts: 0,
  };
}

function toKept(attachment: OutboxAttachment): KeptAttachment {
  return {
    kind: attachment.kind,
    ...(attachment.filename && { filename: attachment.filename }),
    optional: attachment.optional === true,
    type: attachment.blob.type,
    size: attachment.blob.size,
    data: attachment.blob,
  };
}

/** The entry without its largest optional attachment, saying so in its diagnostics. */
function leaveOutLargest(entry: OutboxEntry): { entry: OutboxEntry; leftOut: AttachmentKind } {
  const optional = entry.attachments.filter((attachment) => attachment.optional);
  const largest = optional.reduce((a, b) => (b.size > a.size ? b : a));
  const attachments = entry.attachments.filter((attachment) => attachment !== largest);
  const report = { ...entry.report };
  if (largest.kind === 'screenshot') {
    const reason = 'left out: the relay found the report too large';
    report.diagnostics = { ...report.diagnostics, screenshot: { status: 'failed', reason } };
  }

  return {
    entry: { ...entry, report, attachments, size: entry.size - largest.size },
    leftOut: largest.kind,
  };
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** 128 random bits in base64url: unique without coordination between tabs. */
function createKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Sorts by creation time to the tenth of a millisecond where the browser
 * allows (performance.now), then by this page's own count, so reports made
 * in two tabs, or twice in one millisecond, keep their order.
 */
function createOrder(createdAt: number): string {
  const precise = typeof performance === 'object' ? performance.timeOrigin + performance.now() : createdAt;
  const micros = Math.round(precise * 1000);
  sequence += 1;
  return `${micros.toString().padStart(17, '0')}.${sequence.toString().padStart(6, '0')}`;
}
