/**
 * Where waiting reports live: an IndexedDB database of the widget's own,
 * through idb-keyval, with the page's memory as the fallback. Storage that
 * fails is expected, not fatal: private windows and disabled storage refuse
 * IndexedDB, some Safari modes cannot store Blobs, quotas run out, and
 * Safari closes connections after the device sleeps. Each is handled here,
 * and `put` says whether a report will survive a reload.
 */
import type { AttachmentKind, ReportInput } from '@hypercare/shared';
import { createStore, del, entries, set, update, type UseStore } from 'idb-keyval';

import { describeError, type HypercareLogger } from '../logger.js';
import type { ReportAttachment } from '../transport/send-report.js';
import { PENDING_HINT_KEY } from './pending-hint.js';

/** An attachment as kept in the outbox. */
export interface KeptAttachment {
  kind: AttachmentKind;
  /** The file name the relay sees. Default: `<kind>.png`. */
  filename?: string;
  /** May be left out to make the report fit, as a screenshot may. */
  optional: boolean;
  /** Its media type, such as `image/png`. */
  type: string;
  size: number;
  /** The file, or its bytes where the browser cannot store a Blob. */
  data: Blob | ArrayBuffer;
}

/** One waiting report. */
export interface OutboxEntry {
  /** The idempotency key the relay stores the report under. */
  key: string;
  /** Sorts entries in the order they were made, across tabs. */
  order: string;
  /** The relay it goes to. */
  relay: string;
  /** The reference the user was shown, proposed to the relay. */
  reference: string;
  /** When it was made, in ms since the epoch. */
  createdAt: number;
  report: ReportInput;
  attachments: KeptAttachment[];
  /** Its size in bytes, attachments included, for the outbox's bounds. */
  size: number;
  /** Failed attempts so far. */
  attempts: number;
  /** Not before this time (ms), by backoff; a change of network may skip it. */
  retryAt?: number;
  /** Not before this time (ms), as the relay asked with `Retry-After`. */
  notBefore?: number;
  /** Why the relay refused it for good; kept, but not sent again. */
  heldReason?: string;
}

/** Where `put` kept an entry: on disk, surviving reloads, or only in this page. */
export type KeptIn = 'disk' | 'memory';

export interface OutboxStorage {
  /** Every entry, of every relay, in the order they were made. */
  list(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<KeptIn>;
  remove(entry: OutboxEntry): Promise<void>;
  /**
   * Takes or renews the flush lease for `owner` unless another owner holds
   * an unexpired one; where Web Locks are missing, this keeps tabs from
   * flushing at once. Always true when only memory works.
   */
  claimLease(owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(owner: string): Promise<void>;
}

export interface OutboxStorageOptions {
  /** Opens the IndexedDB store; tests pass their own. Default: idb-keyval's `createStore`. */
  openStore?: () => UseStore;
  /** Hears about storage that fails. Default: none. */
  logger?: HypercareLogger;
}

export const DATABASE_NAME = 'hypercare-outbox';

export const STORE_NAME = 'reports';

const ENTRY_PREFIX = 'report:';

const LEASE_KEY = 'lease';

interface Lease {
  owner: string;
  until: number;
}

/** Opens the outbox's storage; nothing touches IndexedDB until first use. */
export function createOutboxStorage(options: OutboxStorageOptions = {}): OutboxStorage {
  const openStore = options.openStore ?? (() => createStore(DATABASE_NAME, STORE_NAME));
  const logger = options.logger;
  const memory = new Map<string, OutboxEntry>();
  let store: UseStore | undefined;

  async function onDisk<T>(run: (store: UseStore) => Promise<T>): Promise<T> {
    store ??= openStore();
    try {
      return await run(store);
    } catch (error) {
      if (!isClosedConnection(error)) throw error;

      // Safari closes connections after the device sleeps, without always
      // firing `close` (WebKit bug 197050); open a new one and go on.
      logger?.debug('The outbox database was closed; opening it again');
      store = openStore();
      return run(store);
    }
  }

  async function list(): Promise<OutboxEntry[]> {
    const kept = await readDisk().catch((error) => {
      logger?.warn(`Failed to read the outbox from IndexedDB: ${describeError(error)}`, error);
      return [];
    });
    const all = new Map(kept.map((entry) => [entry.key, entry]));
    for (const entry of memory.values()) all.set(entry.key, entry);

    return [...all.values()].sort((a, b) => compare(a.order, b.order));
  }

  async function readDisk(): Promise<OutboxEntry[]> {
    const pairs = await onDisk((db) => entries<IDBValidKey, OutboxEntry>(db));
    return pairs.filter(([key]) => String(key).startsWith(ENTRY_PREFIX)).map(([, entry]) => entry);
  }

  async function put(entry: OutboxEntry): Promise<KeptIn> {
    try {
      await writeDisk(entry);
      memory.delete(entry.key);
      return 'disk';
    } catch (error) {
      logger?.warn(`Failed to keep a report on this device: ${describeError(error)}`, error);
      memory.set(entry.key, entry);
      return 'memory';
    }
  }

  async function writeDisk(entry: OutboxEntry): Promise<void> {
    try {
      await onDisk((db) => set(toKey(entry), entry, db));
    } catch (error) {
      if (isQuotaError(error) || !entry.attachments.some(isBlob)) throw error;

      // Safari in some modes cannot store Blobs ("Error preparing Blob/File
      // data to be stored in object store"); their bytes it can.
      logger?.debug(`Storing attachments as bytes: ${describeError(error)}`);
      const bytes = await toStorableBytes(entry);
      await onDisk((db) => set(toKey(entry), bytes, db));
    }
  }

  async function remove(entry: OutboxEntry): Promise<void> {
    memory.delete(entry.key);
    try {
      await onDisk((db) => del(toKey(entry), db));
    } catch (error) {
      logger?.warn(`Failed to remove a sent report from IndexedDB: ${describeError(error)}`, error);
    }
  }

  async function claimLease(owner: string, now: number, ttlMs: number): Promise<boolean> {
    let claimed = false;
    try {
      await onDisk((db) =>
        update<Lease>(
          LEASE_KEY,
          (lease) => {
            claimed = !lease || lease.owner === owner || lease.until <= now;
            return claimed ? { owner, until: now + ttlMs } : lease!;
          },
          db,
        ),
      );
      return claimed;
    } catch {
      // Without a database, each tab has only its own memory to flush.
      return true;
    }
  }

  async function releaseLease(owner: string): Promise<void> {
    await onDisk((db) =>
      update<Lease | undefined>(LEASE_KEY, (lease) => (lease?.owner === owner ? undefined : lease), db),
    ).catch(() => undefined);
  }

  return { list, put, remove, claimLease, releaseLease };
}

/**
 * Sets or clears the hint the launcher reads at start (see pending-hint.ts);
 * it lives here, with the outbox's chunk, so the launcher stays small.
 */
export function setPendingHint(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(PENDING_HINT_KEY, '1');
    else localStorage.removeItem(PENDING_HINT_KEY);
  } catch {
    // Storage is off; hasPendingHint then answers true, so nothing is missed.
  }
}

/** The entry's attachments as the transport sends them, however they were kept. */
export function toReportAttachments(entry: OutboxEntry): ReportAttachment[] {
  return entry.attachments.map((attachment) => ({
    kind: attachment.kind,
    blob: toBlob(attachment),
    ...(attachment.filename && { filename: attachment.filename }),
  }));
}

function toBlob(attachment: KeptAttachment): Blob {
  if (isBlob(attachment)) return attachment.data as Blob;

  return new Blob([attachment.data], { type: attachment.type });
}

function toKey(entry: OutboxEntry): string {
  return ENTRY_PREFIX + entry.order;
}

async function toStorableBytes(entry: OutboxEntry): Promise<OutboxEntry> {
  const attachments = await Promise.all(
    entry.attachments.map(async (attachment) =>
      isBlob(attachment) ? { ...attachment, data: await (attachment.data as Blob).arrayBuffer() } : attachment,
    ),
  );
  return { ...entry, attachments };
}

function isBlob(attachment: KeptAttachment): boolean {
  return typeof Blob !== 'undefined' && attachment.data instanceof Blob;
}

function isClosedConnection(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'InvalidStateError';
}

function isQuotaError(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'QuotaExceededError';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
