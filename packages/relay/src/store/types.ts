/**
 * The seam between the relay and where reports live. Every method is async
 * so a networked database (PostgreSQL next) fits behind the same interface
 * as the embedded SQLite store.
 */
import type { AttachmentKind, Report } from '@hypercare/shared';

/** Where one adapter's delivery of one report stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A file to store with a new report. */
export interface NewAttachment {
  id: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Uint8Array;
}

export interface NewReport {
  id: string;
  reference: string;
  /** The widget's key for this report; one report is stored per key. */
  idempotencyKey?: string;
  receivedAt: Date;
  report: Report;
  attachments: NewAttachment[];
  /** Adapter names; each gets one pending delivery, due at `receivedAt`. */
  adapters: string[];
}

export type AttachmentMeta = Omit<NewAttachment, 'bytes'> & {
  reportId: string;
};

export interface StoredAttachment extends AttachmentMeta {
  bytes: Uint8Array;
}

export interface DeliveryRecord {
  adapter: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  /** When the next attempt is due; absent once delivered or failed. */
  nextAttemptAt?: Date;
  lastError?: string;
  externalId?: string;
  externalUrl?: string;
  updatedAt: Date;
}

export interface StoredReport {
  id: string;
  reference: string;
  receivedAt: Date;
  report: Report;
  attachments: AttachmentMeta[];
  deliveries: DeliveryRecord[];
}

export interface ClaimOptions {
  /** Only deliveries for these adapters, the ones this relay can run. */
  adapters: string[];
  now: Date;
  /** How long the claim holds before another relay may take it over. */
  leaseMs: number;
  limit: number;
}

/** A delivery this relay holds a lease on. */
export interface ClaimedDelivery {
  reportId: string;
  adapter: string;
  /** Attempts made before this one. */
  attempts: number;
  /** Proves the lease is still ours when the result is recorded. */
  leaseId: string;
}

export interface DeliverySuccess {
  at: Date;
  externalId?: string;
  externalUrl?: string;
}

export interface DeliveryFailure {
  at: Date;
  error: string;
  /** When to try again; absent when the delivery has failed for good. */
  nextAttemptAt?: Date;
}

export interface ReportStore {
  /**
   * Stores a report, its attachments and its pending deliveries in one
   * transaction. Throws `ReferenceTakenError` when the reference is in use
   * and `IdempotencyKeyTakenError` when a report with its key is stored.
   */
  insertReport(report: NewReport): Promise<void>;

  getReportByReference(reference: string): Promise<StoredReport | undefined>;

  getReportByIdempotencyKey(key: string): Promise<StoredReport | undefined>;

  getReportById(id: string): Promise<StoredReport | undefined>;

  /** Newest first. */
  listReports(options: { limit: number }): Promise<StoredReport[]>;

  getAttachment(id: string): Promise<StoredAttachment | undefined>;

  /**
   * Leases pending deliveries that are due and not leased by anyone else.
   * Each claimed row is invisible to other claims until its lease runs out.
   */
  claimDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;

  /** Marks a claimed delivery done; false when the lease was lost. */
  recordSuccess(
    claim: ClaimedDelivery,
    success: DeliverySuccess,
  ): Promise<boolean>;

  /**
   * Counts a failed attempt and schedules the next, or marks the delivery
   * failed when there is no next; false when the lease was lost.
   */
  recordFailure(
    claim: ClaimedDelivery,
    failure: DeliveryFailure,
  ): Promise<boolean>;

  /**
   * Puts a report's failed deliveries back in the queue, due at `now`, with
   * their attempt counts kept; returns the adapters requeued.
   */
  requeueFailed(reportId: string, now: Date): Promise<string[]>;

  close(): Promise<void>;
}

/** A reference that another report already has. */
export class ReferenceTakenError extends Error {
  override readonly name = 'ReferenceTakenError';

  constructor(reference: string, options?: ErrorOptions) {
    super(`Failed to store report: reference ${reference} is taken`, options);
  }
}

/** A report with this idempotency key is stored already. */
export class IdempotencyKeyTakenError extends Error {
  override readonly name = 'IdempotencyKeyTakenError';

  constructor(key: string, options?: ErrorOptions) {
    super(`Failed to store report: a report with key ${key} is stored`, options);
  }
}

/** The store could not do what was asked of it. */
export class StoreError extends Error {
  override readonly name = 'StoreError';

  readonly status = 500;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
