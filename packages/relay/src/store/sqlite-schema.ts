/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how
 * many ran. Append new steps, never edit old ones: databases in the field
 * have already run them.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    received_at INTEGER NOT NULL,
    report_json TEXT NOT NULL
  );
  CREATE INDEX reports_by_received_at ON reports (received_at);

  CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL
  );
  CREATE INDEX attachments_by_report ON attachments (report_id, position);

  CREATE TABLE deliveries (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    adapter TEXT NOT NULL,
    status TEXT NOT NULL
      CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    lease_id TEXT,
    lease_until INTEGER,
    last_error TEXT,
    external_id TEXT,
    external_url TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, adapter)
  );
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
    WHERE status = 'pending';
  `,
  // The widget's idempotency key: a retry, a double click or two tabs
  // flushing one outbox must store one report, not two.
  `
  ALTER TABLE reports ADD COLUMN idempotency_key TEXT;
  CREATE UNIQUE INDEX reports_by_idempotency_key ON reports (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
  `,
];
