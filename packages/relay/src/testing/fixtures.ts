/**
 * Shared test fixtures: a valid report, real image bytes, and a relay on a
 * SQLite file in a temporary directory. Not part of the published package.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SCHEMA_VERSION, type ReportInput } from '@hypercare/shared';

import { createRelay, type Relay, type RelayOptions } from '../relay.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { ReportStore } from '../store/types.js';

/** A real 1×1 PNG: signature, IHDR, IDAT and IEND chunks with valid CRCs. */
export const PNG_BYTES = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  ),
  (char) => char.charCodeAt(0),
);

/** The start of a JPEG file (SOI then an APP0 marker); enough to sniff. */
export const JPEG_BYTES = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
]);

export const RELAY_SECRET = 'test-relay-secret-0123456789';

export const PUBLIC_URL = 'http://127.0.0.1:8787';

export function validReport(
  overrides: Partial<ReportInput> = {},
): ReportInput {
  return {
    schemaVersion: SCHEMA_VERSION,
    category: 'bug',
    severity: 'P2',
    description: 'The save button does nothing.',
    email: 'ada@example.com',
    context: {
      url: 'https://app.example.com/settings',
      userAgent: 'Mozilla/5.0',
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 2,
      language: 'en-GB',
      timeZone: 'Europe/London',
      time: '2026-12-04T10:00:00.000Z',
    },
    ...overrides,
  };
}

export interface FormPart {
  name: string;
  value: string | Blob;
  filename?: string;
}

/** A multipart submission as the widget sends it. */
export function reportForm(
  report: unknown = validReport(),
  files: FormPart[] = [screenshotPart()],
): FormData {
  const form = new FormData();
  form.append('report', JSON.stringify(report));
  for (const part of files) {
    if (typeof part.value === 'string') form.append(part.name, part.value);
    else form.append(part.name, part.value, part.filename);
  }
  return form;
}

export function screenshotPart(
  bytes: Uint8Array = PNG_BYTES,
  type = 'image/png',
  filename = 'screenshot.png',
): FormPart {
  return {
    name: 'screenshot',
    value: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }),
    filename,
  };
}

export function makeTempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hypercare-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-12-04T10:00:00.000Z') {
  let time = new Date(start).getTime();
  return {
    now: () => new Date(time),
    advance: (ms: number) => {
      time += ms;
    },
  };
}

export interface TestRelay {
  relay: Relay;
  store: ReportStore;
  dir: string;
  cleanup: () => Promise<void>;
}

/** A relay on a fresh SQLite file; `cleanup` closes it and deletes the file. */
export function createTestRelay(
  options: Partial<RelayOptions> = {},
): TestRelay {
  const temp = makeTempDir();
  const store = openSqliteStore({ path: join(temp.dir, 'hypercare.db') });
  const relay = createRelay({
    store,
    publicUrl: PUBLIC_URL,
    secret: RELAY_SECRET,
    ...options,
  });

  return {
    relay,
    store,
    dir: temp.dir,
    cleanup: async () => {
      await relay.close();
      temp.remove();
    },
  };
}
