/**
 * The built widget on a product page, end to end: the dialog takes the
 * screenshot with the product team's privacy options, and the image the
 * relay stores has the masked parts black and the page's oklch() colours
 * right, with the capture's diagnostic beside it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import type { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { colorDistance, decodeInBrowser, pixelAt } from '../support/capture-harness.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/capture/widget.html', import.meta.url));
const PAGE_PATH = '/capture-widget.html';
const BLACK = [0, 0, 0];

let browser: Browser;
let demo: DemoServer;
let page: Page;
let stored: PNG;
let report: { diagnostics?: { screenshot?: Record<string, unknown> } };

beforeAll(async () => {
  demo = await startDemoServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 500 }, deviceScaleFactor: 1 });
  const html = readFileSync(FIXTURE, 'utf8').replaceAll('{{RELAY}}', demo.url);
  await page.route(`${demo.url}${PAGE_PATH}`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${demo.url}${PAGE_PATH}`);

  await page.getByRole('button', { name: 'Send feedback' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByRole('img', { name: 'The screenshot that will be sent' }).waitFor({ timeout: 20_000 });
  await dialog.getByLabel('What happened?').fill('The balance looks wrong.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  const reference = await dialog.getByTestId('hypercare-reference').textContent({ timeout: 20_000 });

  const { reports } = await (await fetch(`${demo.url}/v1/reports`)).json();
  report = reports.find((entry: { reference: string }) => entry.reference === reference);
  const attachment = (report as unknown as { attachments: Array<{ url: string; contentType: string }> }).attachments[0]!;
  const bytes = new Uint8Array(await (await fetch(attachment.url)).arrayBuffer());
  stored = await decodeInBrowser(page, bytes, attachment.contentType);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('a screenshot sent from the widget', () => {
  it("blacks out what the page marks, the team's selectors name and every password field", () => {
    for (const [x, y] of [[360, 60], [600, 60], [170, 160], [265, 25], [695, 95]]) {
      expect(colorDistance(pixelAt(stored, x!, y!), BLACK)).toBeLessThanOrEqual(8);
    }
  });

  it('draws the oklch() colours of the page', () => {
    expect(colorDistance(pixelAt(stored, 120, 60), [255, 0, 0])).toBeLessThanOrEqual(12);
  });

  it('leaves the widget out', () => {
    expect(colorDistance(pixelAt(stored, 760, 470), pixelAt(stored, 400, 400))).toBeLessThanOrEqual(12);
  });

  it('arrives with its diagnostic', () => {
    expect(report.diagnostics?.screenshot).toMatchObject({ status: 'captured', source: 'page', masked: 3 });
    expect(report.diagnostics?.screenshot?.approximated).toBeGreaterThan(0);
  });
});
