import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { parseReport, type Report } from '@hypercare/shared';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempDir, PNG_BYTES, validReport } from '../testing/fixtures.js';
import { openSqliteStore } from './sqlite.js';
import { MIGRATIONS } from './sqlite-schema.js';
import {
  IdempotencyKeyTakenError,
  ReferenceTakenError,
  StoreError,
  type NewReport,
  type ReportStore,
} from './types.js';

const T0 = new Date('2026-12-04T10:00:00.000Z');

function report(): Report {
  const result = parseReport(validReport());
  if (!result.ok) throw new Error('fixture report is invalid');
  return result.report;
}

function newReport(n: number, overrides: Partial<NewReport> = {}): NewReport {
  return {
    id: `report-${n}`,
    reference: `HC-00000${n}`,
    receivedAt: new Date(T0.getTime() + n * 1000),
    report: report(),
    attachments: [
      {
        id: `attachment-${n}`,
        kind: 'screenshot',
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: PNG_BYTES.length,
        sha256: 'ab'.repeat(32),
        bytes: PNG_BYTES,
      },
    ],
    adapters: ['webhook'],
    ...overrides,
  };
}

let temp: ReturnType<typeof makeTempDir>;
let path: string;
let store: ReportStore;

beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'nested', 'dir', 'hypercare.db');
  store = openSqliteStore({ path });
});

afterEach(async () => {
  await store.close();
  temp.remove();
});

describe('openSqliteStore', () => {
  it('creates the parent directory and migrates to the current schema', () => {
    expect(existsSync(path)).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('stores a report with its attachment and one pending delivery per adapter', async () => {
    await store.insertReport(newReport(1, { adapters: ['webhook', 'jira'] }));

    const stored = await store.getReportByReference('HC-000001');
    expect(stored).toMatchObject({
      id: 'report-1',
      reference: 'HC-000001',
      receivedAt: new Date(T0.getTime() + 1000),
      report: report(),
      attachments: [
        {
          id: 'attachment-1',
          reportId: 'report-1',
          kind: 'screenshot',
          size: PNG_BYTES.length,
        },
      ],
    });
    expect(stored?.deliveries.map((d) => [d.adapter, d.status, d.attempts])).toEqual([
      ['jira', 'pending', 0],
      ['webhook', 'pending', 0],
    ]);
    expect(await store.getReportById('report-1')).toEqual(stored);
  });

  it('returns attachment bytes exactly as stored', async () => {
    await store.insertReport(newReport(1));

    const attachment = await store.getAttachment('attachment-1');

    expect(attachment?.bytes).toEqual(PNG_BYTES);
    expect(attachment?.contentType).toBe('image/png');
    expect(await store.getAttachment('missing')).toBeUndefined();
  });

  it('refuses a taken reference and keeps nothing of the second report', async () => {
    await store.insertReport(newReport(1));

    const clash = newReport(2, { reference: 'HC-000001' });
    await expect(store.insertReport(clash)).rejects.toThrow(ReferenceTakenError);

    expect(await store.getReportById('report-2')).toBeUndefined();
    expect(await store.getAttachment('attachment-2')).toBeUndefined();
  });

  it('stores one report per idempotency key and finds it by that key', async () => {
    await store.insertReport(newReport(1, { idempotencyKey: 'key-0123456789abcdef' }));

    const repeat = newReport(2, { idempotencyKey: 'key-0123456789abcdef' });
    await expect(store.insertReport(repeat)).rejects.toThrow(IdempotencyKeyTakenError);

    const found = await store.getReportByIdempotencyKey('key-0123456789abcdef');
    expect(found?.id).toBe('report-1');
    expect(await store.getReportById('report-2')).toBeUndefined();
    expect(await store.getAttachment('attachment-2')).toBeUndefined();
  });

  it('stores any number of reports without an idempotency key', async () => {
    await store.insertReport(newReport(1));
    await store.insertReport(newReport(2));

    expect(await store.listReports({ limit: 10 })).toHaveLength(2);
    expect(await store.getReportByIdempotencyKey('')).toBeUndefined();
  });

  it('migrates a first-version database, keeping its reports', async () => {
    await store.close();
    const oldPath = join(temp.dir, 'v1.db');
    const db = new Database(oldPath);
    db.exec(MIGRATIONS[0]!);
    db.pragma('user_version = 1');
    db.prepare(
      `INSERT INTO reports (id, reference, received_at, report_json)
       VALUES ('old', 'HC-OLD000', 0, ?)`,
    ).run(JSON.stringify(report()));
    db.close();

    store = openSqliteStore({ path: oldPath });
    await store.insertReport(newReport(1, { idempotencyKey: 'key-0123456789abcdef' }));

    expect((await store.getReportByReference('HC-OLD000'))?.id).toBe('old');
    expect((await store.getReportByIdempotencyKey('key-0123456789abcdef'))?.id).toBe('report-1');
  });

  it('rolls back the report when an attachment cannot be stored', async () => {
    await store.insertReport(newReport(1));

    // Reusing attachment-1's id makes the attachment insert fail midway.
    const broken = newReport(2);
    broken.attachments[0]!.id = 'attachment-1';
    await expect(store.insertReport(broken)).rejects.toThrow(StoreError);

    expect(await store.getReportByReference('HC-000002')).toBeUndefined();
    expect(await store.listReports({ limit: 10 })).toHaveLength(1);
  });

  it('lists newest first, up to the limit', async () => {
    for (const n of [1, 3, 2]) await store.insertReport(newReport(n));

    const listed = await store.listReports({ limit: 2 });

    expect(listed.map((r) => r.reference)).toEqual(['HC-000003', 'HC-000002']);
  });

  it('keeps reports across close and reopen', async () => {
    await store.insertReport(newReport(1));
    await store.close();

    store = openSqliteStore({ path });

    expect((await store.getReportByReference('HC-000001'))?.id).toBe('report-1');
    expect((await store.getAttachment('attachment-1'))?.bytes).toEqual(PNG_BYTES);
  });

  it('refuses a database written by a newer relay', async () => {
    await store.close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();

    expect(() => openSqliteStore({ path })).toThrow(/schema version 99 is newer/);
    store = openSqliteStore({ path: join(temp.dir, 'other.db') });
  });
});

describe('delivery claims', () => {
  const claimAt = (now: Date, adapters = ['webhook']) =>
    store.claimDeliveries({ adapters, now, leaseMs: 60_000, limit: 10 });

  it('claims due deliveries once until the lease runs out', async () => {
    await store.insertReport(newReport(1));
    const now = new Date(T0.getTime() + 5_000);

    const first = await claimAt(now);
    const again = await claimAt(now);
    const afterLease = await claimAt(new Date(now.getTime() + 60_000));

    expect(first).toMatchObject([{ reportId: 'report-1', adapter: 'webhook', attempts: 0 }]);
    expect(again).toEqual([]);
    expect(afterLease).toHaveLength(1);
    expect(afterLease[0]!.leaseId).not.toBe(first[0]!.leaseId);
  });

  it('claims only deliveries that are due, for the adapters asked', async () => {
    await store.insertReport(newReport(1, { adapters: ['webhook', 'jira'] }));

    expect(await claimAt(T0)).toEqual([]);
    const claimed = await claimAt(new Date(T0.getTime() + 1_000), ['jira']);
    expect(claimed.map((c) => c.adapter)).toEqual(['jira']);
  });

  it('never hands one delivery to two connections on the same file', async () => {
    await store.insertReport(newReport(1));
    await store.insertReport(newReport(2));
    const other = openSqliteStore({ path });
    const now = new Date(T0.getTime() + 5_000);

    const [a, b] = await Promise.all([
      claimAt(now),
      other.claimDeliveries({ adapters: ['webhook'], now, leaseMs: 60_000, limit: 10 }),
    ]);
    await other.close();

    const all = [...a, ...b].map((c) => c.reportId).sort();
    expect(all).toEqual(['report-1', 'report-2']);
  });

  it('records a success with the external id and link', async () => {
    await store.insertReport(newReport(1));
    const [claim] = await claimAt(new Date(T0.getTime() + 5_000));
    const at = new Date(T0.getTime() + 6_000);

    const recorded = await store.recordSuccess(claim!, {
      at,
      externalId: 'SUP-42',
      externalUrl: 'https://support.example.com/SUP-42',
    });

    const [delivery] = (await store.getReportById('report-1'))!.deliveries;
    expect(recorded).toBe(true);
    expect(delivery).toEqual({
      adapter: 'webhook',
      status: 'delivered',
      attempts: 1,
      externalId: 'SUP-42',
      externalUrl: 'https://support.example.com/SUP-42',
      updatedAt: at,
    });
  });

  it('reschedules a retryable failure and frees the lease', async () => {
    await store.insertReport(newReport(1));
    const [claim] = await claimAt(new Date(T0.getTime() + 5_000));
    const next = new Date(T0.getTime() + 30_000);

    await store.recordFailure(claim!, { at: T0, error: 'Failed: 503', nextAttemptAt: next });

    const [delivery] = (await store.getReportById('report-1'))!.deliveries;
    expect(delivery).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: next,
      lastError: 'Failed: 503',
    });
    expect(await claimAt(new Date(next.getTime() - 1))).toEqual([]);
    expect(await claimAt(next)).toMatchObject([{ attempts: 1 }]);
  });

  it('marks a failure without a next attempt as final', async () => {
    await store.insertReport(newReport(1));
    const [claim] = await claimAt(new Date(T0.getTime() + 5_000));

    await store.recordFailure(claim!, { at: T0, error: 'Failed: 400' });

    const [delivery] = (await store.getReportById('report-1'))!.deliveries;
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery?.nextAttemptAt).toBeUndefined();
    expect(await claimAt(new Date(T0.getTime() + 10 ** 9))).toEqual([]);
  });

  it('ignores a result recorded under a lease that was taken over', async () => {
    await store.insertReport(newReport(1));
    const [stale] = await claimAt(new Date(T0.getTime() + 5_000));
    await claimAt(new Date(T0.getTime() + 120_000));

    const recorded = await store.recordSuccess(stale!, { at: T0 });

    expect(recorded).toBe(false);
    const [delivery] = (await store.getReportById('report-1'))!.deliveries;
    expect(delivery?.status).toBe('pending');
  });
});
