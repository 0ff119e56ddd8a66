/**
 * A user opens the dialog, loses the network while writing, and sends: the
 * report is kept on the device under the reference they are shown, and
 * reaches the relay once when the network is back.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const REFERENCE = /HC-[0-9A-HJKMNP-TV-Z]{6}/;

let browser: Browser;
let context: BrowserContext;
let demo: DemoServer;
let shown: string;
let stored: Array<{ reference: string; description: string }>;

beforeAll(async () => {
  demo = await startDemoServer();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${demo.url}/#/projects`);

  await page.getByRole('button', { name: 'Send feedback' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByRole('img', { name: 'The screenshot that will be sent' }).waitFor();
  await dialog.getByLabel('What happened?').fill('Written on a train.');

  await context.setOffline(true);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await dialog.getByText('Saved on this device; it will be sent when you are back online.').waitFor();
  shown = (await dialog.getByTestId('hypercare-reference').textContent()) ?? '';

  await context.setOffline(false);
  const deadline = Date.now() + 20_000;
  do {
    await new Promise((resolve) => setTimeout(resolve, 200));
    ({ reports: stored } = await (await fetch(`${demo.url}/v1/reports`)).json());
  } while (stored.length === 0 && Date.now() < deadline);
  // Give a second flush the chance to send it twice, were that possible.
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  ({ reports: stored } = await (await fetch(`${demo.url}/v1/reports`)).json());
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await demo?.stop();
});

describe('a report sent after the network dropped', () => {
  it('tells the user it is kept, with a reference', () => {
    expect(shown).toMatch(REFERENCE);
  });

  it('arrives once, under that reference, when the network is back', () => {
    expect(stored.map(({ reference, description }) => ({ reference, description }))).toEqual([
      { reference: shown, description: 'Written on a train.' },
    ]);
  });
});
