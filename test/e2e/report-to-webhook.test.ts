/**
 * The whole path in real Chromium: a user on the demo app opens the widget,
 * describes a problem and sends it; the relay stores it, shows a reference,
 * and delivers a signed webhook from which the screenshot downloads.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { decodeInBrowser } from '../support/capture-harness.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;
const VIEWPORT = { width: 1024, height: 700 };
const REFERENCE = /^HC-[0-9A-HJKMNP-TV-Z]{6}$/;

let browser: Browser;
let receiver: WebhookReceiver;
let demo: DemoServer;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  demo = await startDemoServer({
    HYPERCARE_WEBHOOK_URL: receiver.url,
    HYPERCARE_WEBHOOK_SECRET: SECRET,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await receiver?.close();
});

describe('a report from the demo app', () => {
  let page: Page;
  let reference: string;
  let pageBeforeOpening: PNG;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await page.goto(`${demo.url}/#/new`);
    await page.getByLabel('Budget (EUR)').fill('1200,50');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByText('is not a number').waitFor();

    pageBeforeOpening = await screenshotWithoutWidget(page);

    await page.getByRole('button', { name: 'Send feedback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await chooseCategory(page, 'Something is broken');
    await dialog.getByLabel('What happened?').fill('Budgets with a decimal comma are refused.');
    await dialog.getByLabel('Email (optional)').fill('ada@example.com');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();

    reference = (await dialog.getByTestId('hypercare-reference').textContent({ timeout: 20_000 })) ?? '';
  });

  it('shows the reporter a reference', () => {
    expect(reference).toMatch(REFERENCE);
  });

  it('arrives as a webhook whose Standard Webhooks signature verifies', async () => {
    const hook = await receiver.next();
    const id = String(hook.headers['webhook-id']);
    const timestamp = String(hook.headers['webhook-timestamp']);
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hook.body}`).digest();

    const signatures = String(hook.headers['webhook-signature']).split(' ');
    const matches = signatures.some((entry) => {
      const [version, value] = entry.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
    expect(matches).toBe(true);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  });

  it('carries what the reporter wrote and where they were', async () => {
    const event = JSON.parse((await receiver.next()).body);
    expect(event.type).toBe('report.created');
    expect(event.data).toMatchObject({
      reference,
      category: 'bug',
      description: 'Budgets with a decimal comma are refused.',
      email: 'ada@example.com',
      context: {
        url: `${demo.url}/#/new`,
        viewport: VIEWPORT,
        devicePixelRatio: 1,
        title: 'Orbit · New project',
      },
    });
    expect(event.data.context.timeZone).toEqual(expect.any(String));
    expect(Date.parse(event.data.context.time)).not.toBeNaN();
  });

  it('links a screenshot of what the user saw, without the widget', async () => {
    const event = JSON.parse((await receiver.next()).body);
    const [attachment] = event.data.attachments;
    // WebP or PNG, whichever was smaller for this page.
    expect(attachment).toMatchObject({ kind: 'screenshot', contentType: expect.stringMatching(/^image\/(webp|png)$/) });

    const response = await fetch(attachment.url);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const image = await decodeInBrowser(page, bytes, attachment.contentType);
    expect({ width: image.width, height: image.height }).toEqual(VIEWPORT);

    // html2canvas draws text a little differently from Chromium, so most
    // pixels, not all, match; an open dialog or launcher in the image would
    // cover far more than the slack allowed here.
    expect(matchingShare(image, pageBeforeOpening)).toBeGreaterThan(0.95);
  });

  it('refuses a download link whose signature was altered', async () => {
    const event = JSON.parse((await receiver.next()).body);
    const url = new URL(event.data.attachments[0].url);
    url.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 1));
    expect((await fetch(url)).status).toBe(403);
  });

  it('reports its delivery to anyone holding the reference', async () => {
    const response = await fetch(`${demo.url}/v1/reports/${reference}`);
    const status = await response.json();
    expect(status).toMatchObject({ reference, status: 'delivered' });
    expect(JSON.stringify(status)).not.toContain('decimal comma');
  });

  it('lists the stored report for a loopback admin', async () => {
    const { reports } = await (await fetch(`${demo.url}/v1/reports`)).json();
    expect(reports.map((report: { reference: string }) => report.reference)).toContain(reference);
  });
});

describe('the demo as a CDN', () => {
  it('serves the widget files to pages on other origins', async () => {
    const response = await fetch(`${demo.url}/widget/esm/embed.js`, {
      headers: { origin: 'https://app.example.com' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('the relay behind the demo', () => {
  it('answers a malformed report with a 400 naming the bad field', async () => {
    const form = new FormData();
    form.set('report', JSON.stringify({ schemaVersion: 1, category: 'bug', description: 'x' }));
    const response = await fetch(`${demo.url}/v1/reports`, { method: 'POST', body: form });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('invalid_report');
    expect(error.issues).toContainEqual({ field: 'context', message: 'is required' });
  });
});

async function chooseCategory(page: Page, label: string) {
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByRole('radio', { name: label }).check();
}

/** The page as Chromium renders it, with the launcher hidden for the shot. */
async function screenshotWithoutWidget(page: Page): Promise<PNG> {
  const setHidden = (hidden: boolean) =>
    page.evaluate((value) => {
      const host = document.querySelector<HTMLElement>('[data-hypercare-root]');
      if (!host) throw new Error('The widget is not on the page');
      host.hidden = value;
    }, hidden);
  await setHidden(true);
  const shot = await page.screenshot();
  await setHidden(false);
  return PNG.sync.read(shot);
}

function matchingShare(a: PNG, b: PNG): number {
  const TOLERANCE = 48;
  let same = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const close =
      Math.abs(a.data[i]! - b.data[i]!) <= TOLERANCE &&
      Math.abs(a.data[i + 1]! - b.data[i + 1]!) <= TOLERANCE &&
      Math.abs(a.data[i + 2]! - b.data[i + 2]!) <= TOLERANCE;
    if (close) same += 1;
  }
  return same / (a.data.length / 4);
}
