/**
 * The embedded report store: one SQLite file, written through WAL with full
 * fsync so a report the relay acknowledged survives a crash or power cut.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import type { Report } from '@hypercare/shared';
import Database from 'better-sqlite3';

import { MIGRATIONS } from './sqlite-schema.js';
import {
  IdempotencyKeyTakenError,
  ReferenceTakenError,
  StoreError,
  type AttachmentMeta,
  type ClaimedDelivery,
  type ClaimOptions,
  type DeliveryFailure,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliverySuccess,
  type NewReport,
  type ReportStore,
  type StoredAttachment,
  type StoredReport,
} from './types.js';

/** Waits this long for another connection's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

export interface SqliteStoreOptions {
  /** The database file; its directory is created when missing. */
  path: string;
}

interface ReportRow {
  id: string;
  reference: string;
  received_at: number;
  report_json: string;
}

interface AttachmentRow {
  id: string;
  report_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
}

interface DeliveryRow {
  adapter: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  external_id: string | null;
  external_url: string | null;
  updated_at: number;
}

/**
 * Opens (and creates or migrates) a SQLite report store.
 *
 * @example
 * const store = openSqliteStore({ path: '.hypercare/hypercare.db' });
 * const relay = createRelay({ store, adapters: [], ... });
 */
export function openSqliteStore(options: SqliteStoreOptions): ReportStore {
  const db = openDatabase(options.path);
  const statements = prepare(db);

  return {
    insertReport: async (report) => insertReport(db, statements, report),
    getReportByReference: async (reference) =>
      readReport(statements, statements.reportByReference.get(reference)),
    getReportByIdempotencyKey: async (key) =>
      readReport(statements, statements.reportByKey.get(key)),
    getReportById: async (id) =>
      readReport(statements, statements.reportById.get(id)),
    listReports: async ({ limit }) =>
      statements.listReports
        .all(limit)
        .map((row) => toStoredReport(statements, row)),
    getAttachment: async (id) => readAttachment(statements, id),
    claimDeliveries: async (claim) => claimDeliveries(db, statements, claim),
    recordSuccess: async (claim, success) =>
      recordSuccess(statements, claim, success),
    recordFailure: async (claim, failure) =>
      recordFailure(statements, claim, failure),
    requeueFailed: async (reportId, now) =>
      statements.requeueFailed
        .all({ reportId, at: now.getTime() })
        .map((row) => (row as { adapter: string }).adapter),
    close: async () => {
      if (db.open) db.close();
    },
  };
}

function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:') {
      // Reports hold personal data; only the relay's user should read them.
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    }
    db = new Database(path);

    db.pragma('journal_mode = WAL');
    // NORMAL would be faster, but in WAL mode it may lose the last commits
    // on power loss, and a report we answered 201 for must not vanish.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

    migrate(db);
    return db;
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(
      `Failed to open report store at ${path}: ${describeError(error)}`,
      { cause: error },
    );
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new StoreError(
      `Failed to open report store: its schema version ${version} is ` +
        `newer than this relay knows (${MIGRATIONS.length})`,
    );
  }

  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next]!);
      db.pragma(`user_version = ${next + 1}`);
    }).immediate();
  }
}

type Statements = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  const reportColumns = 'id, reference, received_at, report_json';
  const metaColumns =
    'id, report_id, kind, filename, content_type, size, sha256';

  return {
    insertReport: db.prepare(
      `INSERT INTO reports (${reportColumns}, idempotency_key)
       VALUES (@id, @reference, @receivedAt, @reportJson, @idempotencyKey)`,
    ),
    insertAttachment: db.prepare(
      `INSERT INTO attachments (${metaColumns}, position, bytes)
       VALUES (@id, @reportId, @kind, @filename, @contentType, @size,
               @sha256, @position, @bytes)`,
    ),
    insertDelivery: db.prepare(
      `INSERT INTO deliveries
         (report_id, adapter, status, attempts, next_attempt_at, updated_at)
       VALUES (?, ?, 'pending', 0, ?, ?)`,
    ),
    reportByReference: db.prepare<[string], ReportRow>(
      `SELECT ${reportColumns} FROM reports WHERE reference = ?`,
    ),
    reportByKey: db.prepare<[string], ReportRow>(
      `SELECT ${reportColumns} FROM reports WHERE idempotency_key = ?`,
    ),
    reportById: db.prepare<[string], ReportRow>(
      `SELECT ${reportColumns} FROM reports WHERE id = ?`,
    ),
    listReports: db.prepare<[number], ReportRow>(
      `SELECT ${reportColumns} FROM reports
       ORDER BY received_at DESC, rowid DESC LIMIT ?`,
    ),
    attachmentsOf: db.prepare<[string], AttachmentRow>(
      `SELECT ${metaColumns} FROM attachments
       WHERE report_id = ? ORDER BY position`,
    ),
    attachment: db.prepare<[string], AttachmentRow & { bytes: Buffer }>(
      `SELECT ${metaColumns}, bytes FROM attachments WHERE id = ?`,
    ),
    deliveriesOf: db.prepare<[string], DeliveryRow>(
      `SELECT adapter, status, attempts, next_attempt_at, last_error,
              external_id, external_url, updated_at
       FROM deliveries WHERE report_id = ? ORDER BY adapter`,
    ),
    dueDeliveries: db.prepare<
      { adapters: string; now: number; limit: number },
      { report_id: string; adapter: string; attempts: number }
    >(
      `SELECT report_id, adapter, attempts FROM deliveries
       WHERE status = 'pending'
         AND next_attempt_at <= @now
         AND (lease_until IS NULL OR lease_until <= @now)
         AND adapter IN (SELECT value FROM json_each(@adapters))
       ORDER BY next_attempt_at LIMIT @limit`,
    ),
    lease: db.prepare(
      `UPDATE deliveries SET lease_id = ?, lease_until = ?
       WHERE report_id = ? AND adapter = ?`,
    ),
    succeed: db.prepare(
      `UPDATE deliveries
       SET status = 'delivered', attempts = attempts + 1,
           next_attempt_at = NULL, lease_id = NULL, lease_until = NULL,
           external_id = @externalId, external_url = @externalUrl,
           last_error = NULL, updated_at = @at
       WHERE report_id = @reportId AND adapter = @adapter
         AND lease_id = @leaseId AND status = 'pending'`,
    ),
    requeueFailed: db.prepare(
      `UPDATE deliveries
       SET status = 'pending', next_attempt_at = @at, updated_at = @at
       WHERE report_id = @reportId AND status = 'failed'
       RETURNING adapter`,
    ),
    fail: db.prepare(
      `UPDATE deliveries
       SET status = @status, attempts = attempts + 1,
           next_attempt_at = @nextAttemptAt, lease_id = NULL,
           lease_until = NULL, last_error = @error, updated_at = @at
       WHERE report_id = @reportId AND adapter = @adapter
         AND lease_id = @leaseId AND status = 'pending'`,
    ),
  };
}

function insertReport(
  db: Database.Database,
  statements: Statements,
  input: NewReport,
): void {
  const at = input.receivedAt.getTime();
  const write = db.transaction(() => {
    statements.insertReport.run({
      id: input.id,
      reference: input.reference,
      receivedAt: at,
      reportJson: JSON.stringify(input.report),
      idempotencyKey: input.idempotencyKey ?? null,
    });

    input.attachments.forEach((attachment, position) => {
      const { bytes, ...meta } = attachment;
      statements.insertAttachment.run({
        ...meta,
        reportId: input.id,
        position,
        bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      });
    });

    for (const adapter of input.adapters) {
      statements.insertDelivery.run(input.id, adapter, at, at);
    }
  });

  try {
    write.immediate();
  } catch (error) {
    if (isUniqueClash(error, 'reports.reference')) {
      throw new ReferenceTakenError(input.reference, { cause: error });
    }
    if (input.idempotencyKey && isUniqueClash(error, 'reports.idempotency_key')) {
      throw new IdempotencyKeyTakenError(input.idempotencyKey, {
        cause: error,
      });
    }
    throw new StoreError(`Failed to store report: ${describeError(error)}`, {
      cause: error,
    });
  }
}

function isUniqueClash(error: unknown, column: string): boolean {
  return (
    error instanceof Error &&
    (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes(column)
  );
}

function readReport(
  statements: Statements,
  row: ReportRow | undefined,
): StoredReport | undefined {
  return row && toStoredReport(statements, row);
}

function toStoredReport(statements: Statements, row: ReportRow): StoredReport {
  return {
    id: row.id,
    reference: row.reference,
    receivedAt: new Date(row.received_at),
    report: JSON.parse(row.report_json) as Report,
    attachments: statements.attachmentsOf.all(row.id).map(toAttachmentMeta),
    deliveries: statements.deliveriesOf.all(row.id).map(toDeliveryRecord),
  };
}

function readAttachment(
  statements: Statements,
  id: string,
): StoredAttachment | undefined {
  const row = statements.attachment.get(id);
  if (!row) return undefined;

  const bytes = new Uint8Array(row.bytes);
  return { ...toAttachmentMeta(row), bytes };
}

function toAttachmentMeta(row: AttachmentRow): AttachmentMeta {
  return {
    id: row.id,
    reportId: row.report_id,
    kind: row.kind as AttachmentMeta['kind'],
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
  };
}

function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  const record: DeliveryRecord = {
    adapter: row.adapter,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    updatedAt: new Date(row.updated_at),
  };

  if (row.next_attempt_at !== null) {
    record.nextAttemptAt = new Date(row.next_attempt_at);
  }
  if (row.last_error !== null) record.lastError = row.last_error;
  if (row.external_id !== null) record.externalId = row.external_id;
  if (row.external_url !== null) record.externalUrl = row.external_url;
  return record;
}

/**
 * Select and lease in one IMMEDIATE transaction, which takes SQLite's write
 * lock first, so two relays on one file never lease the same row. A
 * PostgreSQL store does the same with `FOR UPDATE SKIP LOCKED`.
 */
function claimDeliveries(
  db: Database.Database,
  statements: Statements,
  options: ClaimOptions,
): ClaimedDelivery[] {
  const now = options.now.getTime();
  const leaseUntil = now + options.leaseMs;

  const claim = db.transaction(() => {
    const due = statements.dueDeliveries.all({
      adapters: JSON.stringify(options.adapters),
      now,
      limit: options.limit,
    });

    return due.map((row) => {
      const leaseId = randomUUID();
      statements.lease.run(leaseId, leaseUntil, row.report_id, row.adapter);
      return {
        reportId: row.report_id,
        adapter: row.adapter,
        attempts: row.attempts,
        leaseId,
      };
    });
  });

  return claim.immediate();
}

function recordSuccess(
  statements: Statements,
  claim: ClaimedDelivery,
  success: DeliverySuccess,
): boolean {
  const result = statements.succeed.run({
    ...claimKey(claim),
    at: success.at.getTime(),
    externalId: success.externalId ?? null,
    externalUrl: success.externalUrl ?? null,
  });
  return result.changes === 1;
}

function recordFailure(
  statements: Statements,
  claim: ClaimedDelivery,
  failure: DeliveryFailure,
): boolean {
  const next = failure.nextAttemptAt?.getTime() ?? null;
  const result = statements.fail.run({
    ...claimKey(claim),
    at: failure.at.getTime(),
    error: failure.error,
    status: next === null ? 'failed' : 'pending',
    nextAttemptAt: next,
  });
  return result.changes === 1;
}

function claimKey(claim: ClaimedDelivery) {
  return {
    reportId: claim.reportId,
    adapter: claim.adapter,
    leaseId: claim.leaseId,
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
