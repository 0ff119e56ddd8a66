/**
 * "Capture your screen" from the built widget, with Chromium sharing this
 * tab as a user would pick it: the frame that reaches the relay shows the
 * page, never the widget's own dialog asking for it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { countPixels, isNear, readImageInPage, type Picture } from '../support/pixels.js';

const VIEWPORT = { width: 1024, height: 700 };
// The demo's page background, #f4f6fb; the dialog's backdrop dims it.
const PAGE_BACKGROUND: [number, number, number] = [244, 246, 251];
// Below the projects table and left of where the dialog's card sits.
const EMPTY_PAGE = { x: 60, y: 420, width: 400, height: 220 };

let browser: Browser;
let demo: DemoServer;
let page: Page;
let image: Picture;
let screenshot: Record<string, unknown>;

beforeAll(async () => {
  demo = await startDemoServer();
  // Chromium's switch for tests: share this tab without showing the picker.
  browser = await launchChromium(['--auto-accept-this-tab-capture']);
  page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await page.goto(`${demo.url}/#/projects`);

  await page.getByRole('button', { name: 'Send feedback' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByRole('img', { name: 'The screenshot that will be sent' }).waitFor();
  await dialog.getByRole('button', { name: 'Remove screenshot' }).click();
  await dialog.getByRole('button', { name: 'Capture your screen' }).click();
  await dialog.getByRole('img', { name: 'The screenshot that will be sent' }).waitFor();
  await dialog.getByLabel('What happened?').fill('The late projects are not sorted first.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  const reference = await dialog.getByTestId('hypercare-reference').textContent({ timeout: 20_000 });

  const { reports } = await (await fetch(`${demo.url}/v1/reports`)).json();
  const report = reports.find((entry: { reference: string }) => entry.reference === reference);
  screenshot = report.diagnostics.screenshot;
  image = await readImageInPage(page, report.attachments[0].url);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('a screen capture taken from the dialog', () => {
  it('is recorded as a frame of the screen, the size of the tab', () => {
    expect(screenshot).toMatchObject({ status: 'captured', source: 'screen' });
    expect({ width: image.width, height: image.height }).toEqual(VIEWPORT);
  });

  it('shows the page without the dialog or its backdrop', () => {
    const area = EMPTY_PAGE.width * EMPTY_PAGE.height;
    const clear = countPixels(image, EMPTY_PAGE, (color) => isNear(color, PAGE_BACKGROUND));

    expect(clear / area).toBeGreaterThan(0.95);
  });
});
