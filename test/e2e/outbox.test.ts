/**
 * The offline outbox in real Chromium against the real relay, through a
 * proxy that fails on purpose: reports made offline and while the relay
 * fails, in two tabs and across reloads, some through the dialog, all
 * arrive exactly once after reconnecting, in the order they were made, under
 * the reference the user was shown.
 */
import { join } from 'node:path';

import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { OUTBOX_PAGE, startFlakyRelay, type FlakyRelay } from '../support/flaky-relay.js';

const TOTAL = 200;
const DIALOG_REPORTS = 3;

let demo: DemoServer;
let relay: FlakyRelay;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoServer();
  relay = await startFlakyRelay(demo.url);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await demo?.stop();
});

interface Made {
  description: string;
  reference: string;
}

declare global {
  interface Window {
    hypercareOutbox: {
      submit(description: string): Promise<{ reference: string; delivery: string }>;
      pending(): Promise<string[]>;
      log(): Promise<string[]>;
    };
  }
}

describe('the offline outbox', () => {
  let context: BrowserContext;
  const made: Made[] = [];

  async function makeThroughPage(page: Page, n: number) {
    const description = `Report ${n}`;
    const receipt = await page.evaluate((text) => window.hypercareOutbox.submit(text), description);
    expect(receipt.delivery).toBe('saved');
    made.push({ description, reference: receipt.reference });
  }

  async function makeThroughDialog(page: Page, n: number) {
    const description = `Report ${n}`;
    await page.getByRole('button', { name: 'Send feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    // The user learns that earlier reports still wait on this device.
    await dialog.getByText(`${made.length} earlier report(s) from this device are waiting to be sent.`).waitFor();
    await dialog.getByLabel('What happened?').fill(description);
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    // Online, but the relay is failing: the message blames the server.
    await dialog.getByText('Saved on this device; the server cannot be reached right now').waitFor();
    expect(await dialog.getByText(/dropped/).count()).toBe(0);
    const reference = (await dialog.getByTestId('hypercare-reference').textContent()) ?? '';
    made.push({ description, reference });
    await dialog.getByRole('button', { name: 'Done' }).click();
  }

  function storedReports(): Made[] {
    const db = new Database(join(demo.dataDir, 'hypercare.db'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT reference, report_json FROM reports ORDER BY rowid')
        .all() as { reference: string; report_json: string }[];
      return rows.map((row) => ({
        description: JSON.parse(row.report_json).description,
        reference: row.reference,
      }));
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    context = await browser.newContext();
    const tabs = [await context.newPage(), await context.newPage()];
    await Promise.all(tabs.map((tab) => tab.goto(relay.url + OUTBOX_PAGE)));
    const tab = (n: number) => tabs[n % 2]!;

    // On a train: no network at all.
    await context.setOffline(true);
    for (let n = 0; n < 80; n++) await makeThroughPage(tab(n), n);

    // Back online while the relay is being redeployed: every submission
    // fails, and both tabs reload, finding what they kept.
    relay.plan([], ['unavailable', 'drop']);
    await context.setOffline(false);
    for (const page of tabs) await page.reload();
    const kept = await tabs[0]!.evaluate(() => window.hypercareOutbox.pending());
    expect(kept).toEqual(made.map((report) => report.description));

    for (let n = 80; n < 140; n++) await makeThroughPage(tab(n), n);

    const app = await context.newPage();
    await app.goto(`${relay.url}/`);
    for (let n = 140; n < 140 + DIALOG_REPORTS; n++) await makeThroughDialog(app, n);
    await app.close();

    // Offline again for the rest.
    await context.setOffline(true);
    for (let n = 140 + DIALOG_REPORTS; n < TOTAL; n++) await makeThroughPage(tab(n), n);

    // Reconnecting: the first answers are lost after the relay stored the
    // reports, one submission meets a 503 and one a dropped connection.
    relay.plan(['lose-answer', 'lose-answer', 'unavailable', 'lose-answer', 'drop'], ['pass']);
    await context.setOffline(false);

    let left: string[][] = [];
    await waitUntil(
      async () => {
        left = await Promise.all(tabs.map((page) => page.evaluate(() => window.hypercareOutbox.pending())));
        return left.every((pending) => pending.length === 0);
      },
      async () => {
        const logs = await Promise.all(tabs.map((page) => page.evaluate(() => window.hypercareOutbox.log())));
        return (
          `the outbox to empty after reconnecting; ${left[0]?.length} reports wait, ` +
          `${storedReports().length} are stored, the last submissions met ` +
          `${relay.log.slice(-8).join(', ')}; the tabs logged:\n${logs.map((log) => log.join('\n')).join('\n--\n')}`
        );
      },
    );
  });

  afterAll(() => context?.close());

  it('made every report while the relay was unreachable', () => {
    expect(made).toHaveLength(TOTAL);
  });

  it('stores each report exactly once, in the order it was made', () => {
    const stored = storedReports();

    expect(stored.map((report) => report.description)).toEqual(made.map((report) => report.description));
  });

  it('keeps the reference the user was shown while offline', () => {
    expect(storedReports().map((report) => report.reference)).toEqual(made.map((report) => report.reference));
  });

  it('met every kind of failure on the way', () => {
    expect(new Set(relay.log)).toEqual(new Set(['unavailable', 'drop', 'lose-answer', 'pass']));
  });
});

describe('a page closing with reports waiting', () => {
  it('hands them to the browser to send, and a later visit finds them stored once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(relay.url + OUTBOX_PAGE);
    const before = await countStored();

    relay.plan(['unavailable'], ['pass']);
    const receipt = await page.evaluate(() => window.hypercareOutbox.submit('Sent while closing'));
    expect(receipt.delivery).toBe('saved');

    // The relay asked for a second's pause, so only the closing page's
    // keepalive request can bring the report in before the page is gone.
    await page.close({ runBeforeUnload: true });
    await waitUntil(async () => (await countStored()) === before + 1, async () => 'the keepalive report');

    const later = await context.newPage();
    await later.goto(relay.url + OUTBOX_PAGE);
    await waitUntil(
      async () => (await later.evaluate(() => window.hypercareOutbox.pending())).length === 0,
      async () => 'the stored copy to be acknowledged',
    );
    expect(await countStored()).toBe(before + 1);
    expect(relay.log.slice(-2)).toEqual(['pass', 'pass']);
    await context.close();
  });
});

async function countStored(): Promise<number> {
  const db = new Database(join(demo.dataDir, 'hypercare.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS count FROM reports').get() as { count: number }).count;
  } finally {
    db.close();
  }
}

async function waitUntil(done: () => Promise<boolean>, what: () => Promise<string>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${await what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
