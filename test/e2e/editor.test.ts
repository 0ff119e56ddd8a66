/**
 * The screenshot editor in real Chromium, on a page whose colours are known:
 * a user marks up the screenshot with the mouse, the keyboard or a finger,
 * sends it, and the image the relay stored shows exactly those marks. The
 * secret block is red; where the user hid it, the stored image is black and
 * no red is left.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/browser.js';
import { startDemoServer, type DemoServer } from '../support/demo-server.js';
import {
  colorAt,
  countPixels,
  isBlack,
  isNear,
  readImageInPage,
  type Picture,
  type Rect,
  type Rgb,
} from '../support/pixels.js';

const VIEWPORT = { width: 800, height: 600 };
const PHONE = { width: 390, height: 760 };
// Phones draw three device pixels per CSS pixel; the screenshot keeps them.
const PHONE_RATIO = 3;

const GREEN: Rgb = [34, 170, 119];
// The note's card (render-markup.ts), large enough to keep its colour in WebP.
const NOTE_FILL: Rgb = [255, 247, 194];
const RED: Rgb = [221, 51, 51];
const BLUE: Rgb = [40, 80, 220];

/** Where the fixture's coloured blocks sit, in CSS pixels (= image pixels at ratio 1). */
const SECRET: Rect = { x: 100, y: 100, width: 300, height: 200 };
const OTHER: Rect = { x: 500, y: 300, width: 200, height: 150 };

const FIXTURE_PATH = '/editor-fixture.html';

let browser: Browser;
let demo: DemoServer;

beforeAll(async () => {
  demo = await startDemoServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('marking up a screenshot with the mouse', () => {
  let original: Picture;
  let sent: Picture;

  beforeAll(async () => {
    const page = await openFixture();
    original = await openEditor(page);

    // Two hidden regions; undo takes the second away, redo brings it back,
    // and a second undo leaves only the first.
    await dragOnImage(page, { x: 120, y: 120 }, { x: 380, y: 280 });
    await dragOnImage(page, { x: 520, y: 320 }, { x: 680, y: 430 });
    await editorButton(page, 'Undo').click();
    await waitUntil(() => announcement(page), 'Undone.');
    await editorButton(page, 'Redo').click();
    await waitUntil(() => announcement(page), 'Redone.');
    await editorButton(page, 'Undo').click();

    sent = await finishAndSend(page, 'The account number shows in the header.');
    await page.close();
  });

  it('starts from a screenshot that shows the secret in red', () => {
    expect({ width: original.width, height: original.height }).toEqual(VIEWPORT);
    expect(countPixels(original, SECRET, (color) => isNear(color, RED))).toBeGreaterThan(
      SECRET.width * SECRET.height * 0.8,
    );
  });

  it('sends the hidden region as pure black, with none of the red left', () => {
    const hidden = { x: 120, y: 120, width: 260, height: 160 };

    expect({ width: sent.width, height: sent.height, type: sent.type }).toEqual({
      ...VIEWPORT,
      type: 'image/png',
    });
    expect(countPixels(sent, hidden, (color) => !isBlack(color))).toBe(0);
    expect(countPixels(sent, hidden, (color) => isNear(color, RED))).toBe(0);
  });

  it('leaves everything outside the hidden region as it was', () => {
    expect(colorAt(sent, 50, 50)).toSatisfy((color: Rgb) => isNear(color, GREEN));
    expect(colorAt(sent, 110, 110)).toSatisfy((color: Rgb) => isNear(color, RED));
    expect(colorAt(sent, 390, 290)).toSatisfy((color: Rgb) => isNear(color, RED));
  });

  it('leaves out the region that was undone', () => {
    const undone = { x: 520, y: 320, width: 160, height: 110 };

    expect(countPixels(sent, undone, (color) => isNear(color, BLUE))).toBe(
      undone.width * undone.height,
    );
  });
});

describe('marking up a screenshot with the keyboard alone', () => {
  let sent: Picture;
  const announced: string[] = [];

  beforeAll(async () => {
    const page = await openFixture();
    const pressAndHear = async (key: string) => {
      await page.keyboard.press(key);
      announced.push(await announcement(page));
    };
    await openEditor(page);
    // Focus starts on the chosen tool, Hide; Tab reaches the picture.
    await waitUntil(() => focusedLabel(page), 'Hide');
    await tabTo(page, 'Screenshot');

    // The first arrow shows a region in the middle, a quarter of the image:
    // 300..500 × 225..375. Shift+Left moves it 80 pixels (a tenth of 800);
    // Alt+Down twice makes it 12 pixels taller (a hundredth each).
    await pressAndHear('ArrowRight');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Alt+ArrowDown');
    await pressAndHear('Alt+ArrowDown');
    await pressAndHear('Enter');

    // Undo and redo by keyboard too.
    await pressAndHear('Control+z');
    await pressAndHear('Control+y');

    // M picks the region up again; Shift+Down moves it 80 pixels down.
    await pressAndHear('m');
    await pressAndHear('Shift+ArrowDown');
    await pressAndHear('Enter');
    expect(await focusedLabel(page)).toBe('Screenshot');

    await tabTo(page, 'Use this screenshot');
    await page.keyboard.press('Enter');
    sent = await sendFromForm(page, 'Hidden with the keyboard.');
    await page.close();
  });

  it('announces where the region is, each step, and what was added', () => {
    expect(announced).toEqual([
      'Hide: 300, 225, 200 by 150 pixels. Enter adds it.',
      'Hide: 220, 225, 200 by 166 pixels. Enter adds it.',
      ADDED_HIDDEN,
      'Undone.',
      'Redone.',
      'Hide: moving to 220, 225, 200 by 166 pixels. Enter puts it there.',
      'Hide: moving to 220, 305, 200 by 166 pixels. Enter puts it there.',
      'Moved.',
    ]);
  });

  it('burns the keyboard-placed region into the image as pure black, where it was moved', () => {
    const hidden = { x: 220, y: 305, width: 200, height: 166 };

    expect(countPixels(sent, hidden, (color) => !isBlack(color))).toBe(0);
    expect(colorAt(sent, 300, 250)).toSatisfy((color: Rgb) => isNear(color, RED));
    expect(colorAt(sent, 218, 250)).toSatisfy((color: Rgb) => isNear(color, RED));
    expect(colorAt(sent, 422, 350)).toSatisfy((color: Rgb) => isNear(color, GREEN));
    expect(colorAt(sent, 300, 473)).toSatisfy((color: Rgb) => isNear(color, GREEN));
  });
});

describe('the other tools', () => {
  let sent: Picture;

  beforeAll(async () => {
    const page = await openFixture();
    await openEditor(page);

    await chooseTool(page, 'Highlight');
    await dragOnImage(page, { x: 50, y: 350 }, { x: 350, y: 550 });
    await chooseTool(page, 'Arrow');
    await dragOnImage(page, { x: 450, y: 100 }, { x: 750, y: 100 });
    await chooseTool(page, 'Draw');
    await dragOnImage(page, { x: 450, y: 200 }, { x: 750, y: 200 });
    await chooseTool(page, 'Note');
    await page.getByLabel('Note text').fill('Total is wrong');
    await clickOnImage(page, { x: 100, y: 20 });
    await waitUntil(() => announcement(page), 'Note added.');

    sent = await finishAndSend(page, 'Marked with every tool.');
    await page.close();
  });

  it('tints a highlighted region and outlines it, without hiding it', () => {
    const inside = colorAt(sent, 200, 450);

    expect(inside).toSatisfy((color: Rgb) => !isNear(color, GREEN) && !isBlack(color));
    expect(colorAt(sent, 50, 450)).toSatisfy(isAmber);
  });

  it('draws the arrow and the freehand line in red ink where they were drawn', () => {
    expect(colorAt(sent, 600, 100)).toSatisfy(isInk);
    expect(colorAt(sent, 600, 200)).toSatisfy(isInk);
    expect(colorAt(sent, 600, 150)).toSatisfy((color: Rgb) => isNear(color, GREEN));
  });

  it('puts the note on a pale card at the clicked point', () => {
    expect(colorAt(sent, 104, 24)).toSatisfy((color: Rgb) => isNear(color, NOTE_FILL));
    expect(colorAt(sent, 96, 24)).toSatisfy((color: Rgb) => isNear(color, GREEN));
  });
});

describe('leaving the editor', () => {
  it('drops a keyboard region on Escape, and leaves without changes on the next', async () => {
    const page = await openFixture();
    await openEditor(page);
    const canvas = page.getByTestId('hypercare-editor-canvas');

    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    expect(await announcement(page)).toBe('');
    await expect(canvas.isVisible()).resolves.toBe(true);

    await dragOnImage(page, { x: 120, y: 120 }, { x: 380, y: 280 });
    await page.keyboard.press('Escape');
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByRole('img', { name: 'The screenshot that will be sent', exact: true }).waitFor();
    expect(await focusedLabel(page)).toBe('Mark up');

    const reference = await send(page, 'Changed my mind about hiding it.');
    const report = await findReport(reference);
    const stored = await readImageInPage(page, report.attachments[0]!.url);
    await page.close();

    expect(colorAt(stored, 250, 200)).toSatisfy((color: Rgb) => isNear(color, RED));
  });

  it('sends the screenshot untouched after Clear', async () => {
    const page = await openFixture();
    await openEditor(page);

    await dragOnImage(page, { x: 120, y: 120 }, { x: 380, y: 280 });
    await editorButton(page, 'Clear').click();
    await waitUntil(() => announcement(page), 'All markings cleared.');
    await editorButton(page, 'Use this screenshot').click();

    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByRole('img', { name: 'The screenshot that will be sent', exact: true }).waitFor();
    const reference = await send(page, 'Nothing to hide after all.');
    const report = await findReport(reference);
    const stored = await readImageInPage(page, report.attachments[0]!.url);
    await page.close();

    expect(countPixels(stored, SECRET, (color) => isNear(color, RED))).toBeGreaterThan(
      SECRET.width * SECRET.height * 0.8,
    );
  });
});

describe('moving a hidden region', () => {
  it('sends it black where it was dragged to, and uncovers where it was', async () => {
    const page = await openFixture();
    await openEditor(page);

    // Hide a 100×60 part of the red block, then drag it 200 right, 300 down.
    await dragOnImage(page, { x: 150, y: 150 }, { x: 250, y: 210 });
    await dragOnImage(page, { x: 200, y: 180 }, { x: 400, y: 480 });
    await waitUntil(() => announcement(page), 'Moved.');
    const sent = await finishAndSend(page, 'Hide the footer instead.');
    await page.close();

    expect(countPixels(sent, { x: 350, y: 450, width: 100, height: 60 }, (c) => !isBlack(c))).toBe(0);
    expect(countPixels(sent, { x: 150, y: 150, width: 100, height: 60 }, (c) => isNear(c, RED))).toBe(
      6_000,
    );
  });
});

describe('cropping', () => {
  it('sends only the cropped part, at its size', async () => {
    const page = await openFixture();
    await openEditor(page);

    await chooseTool(page, 'Crop');
    await dragOnImage(page, { x: 50, y: 60 }, { x: 250, y: 160 });
    await waitUntil(() => announcement(page), 'Cropped to 200 by 100 pixels.');
    const sent = await finishAndSend(page, 'Only this corner matters.');
    await page.close();

    expect({ width: sent.width, height: sent.height }).toEqual({ width: 200, height: 100 });
    // The crop's top left is the page's green; from (50, 40) on, the red block.
    expect(colorAt(sent, 10, 10)).toSatisfy((color: Rgb) => isNear(color, GREEN));
    expect(colorAt(sent, 60, 50)).toSatisfy((color: Rgb) => isNear(color, RED));
  });
});

describe('removing the screenshot', () => {
  it('sends the report with no attachment at all', async () => {
    const page = await openFixture();
    const dialog = page.getByRole('dialog', { name: 'Send feedback' });
    await dialog.getByRole('img', { name: 'The screenshot that will be sent', exact: true }).waitFor();

    await dialog.getByRole('button', { name: 'Remove screenshot' }).click();
    await dialog.getByText('No screenshot will be sent.').waitFor();
    const reference = await send(page, 'Please do not attach my screen.');
    await page.close();

    const report = await findReport(reference);
    expect(report.attachments).toEqual([]);
  });
});

describe('on a phone', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openFixture({ viewport: PHONE, touch: true, ratio: PHONE_RATIO });
    await openEditor(page);
  });

  afterAll(() => page?.close());

  it('fills the screen with the editor and keeps every control in reach', async () => {
    const controls = [
      ...TOOL_NAMES.map((name) => page.getByRole('radio', { name })),
      editorButton(page, 'Undo'),
      editorButton(page, 'Use this screenshot'),
      editorButton(page, 'Cancel'),
      page.getByTestId('hypercare-editor-canvas'),
    ];

    for (const control of controls) {
      const box = await control.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    }
    const canvas = (await page.getByTestId('hypercare-editor-canvas').boundingBox())!;
    expect(canvas.height).toBeGreaterThan(PHONE.height / 2);
  });

  it('hides a region drawn with a finger, in the sharp image of a phone', async () => {
    // Image pixels: the red block starts at 300, 300 (CSS 100, 100, times 3).
    await touchDrag(page, { x: 330, y: 330 }, { x: 750, y: 600 });
    await waitUntil(() => announcement(page), ADDED_HIDDEN);

    const sent = await finishAndSend(page, 'Hidden with a finger.');
    expect({ width: sent.width, height: sent.height }).toEqual({
      width: PHONE.width * PHONE_RATIO,
      height: PHONE.height * PHONE_RATIO,
    });
    const hidden = { x: 333, y: 333, width: 414, height: 264 };
    expect(countPixels(sent, hidden, (color) => !isBlack(color))).toBe(0);
    expect(colorAt(sent, 315, 315)).toSatisfy((color: Rgb) => isNear(color, RED));
    expect(colorAt(sent, 760, 610)).toSatisfy((color: Rgb) => isNear(color, RED));
  });
});

const TOOL_NAMES = ['Highlight', 'Hide', 'Draw', 'Arrow', 'Note', 'Crop'];

const ADDED_HIDDEN = 'Hidden region added. It is blacked out in the screenshot that is sent.';

/** Polls `read` until it gives `expected`; hooks cannot use expect.poll. */
async function waitUntil(read: () => Promise<string>, expected: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let last = await read();
  while (last !== expected) {
    if (Date.now() > deadline) throw new Error(`Expected "${expected}", still "${last}"`);

    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
}

function fixtureHtml(): string {
  const block = (rect: Rect, color: Rgb, text: string) =>
    `<div style="position:absolute;left:${rect.x}px;top:${rect.y}px;width:${rect.width}px;` +
    `height:${rect.height}px;background:rgb(${color.join(',')});color:rgb(${color.join(',')})">` +
    `${text}</div>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editor fixture</title>
<style>html,body{margin:0;height:100%;background:rgb(${GREEN.join(',')})}</style>
</head>
<body>
<div style="position:fixed;inset:0;overflow:hidden">
${block(SECRET, RED, 'Account 4111 1111 1111 1111')}
${block(OTHER, BLUE, 'Another block')}
</div>
<script async src="/widget/hypercare.js" data-relay="${demo.url}"></script>
</body></html>`;
}

interface FixtureOptions {
  viewport?: typeof VIEWPORT;
  touch?: boolean;
  /** Device pixels per CSS pixel. */
  ratio?: number;
}

async function openFixture(options: FixtureOptions = {}) {
  const page = await browser.newPage({
    viewport: options.viewport ?? VIEWPORT,
    deviceScaleFactor: options.ratio ?? 1,
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
  });
  await page.route(`${demo.url}${FIXTURE_PATH}`, (route) =>
    route.fulfill({ contentType: 'text/html', body: fixtureHtml() }),
  );
  await page.goto(`${demo.url}${FIXTURE_PATH}`);
  await page.getByRole('button', { name: 'Send feedback' }).click();
  return page;
}

/** Waits for the dialog's screenshot, reads it, and opens the editor on it. */
async function openEditor(page: Page): Promise<Picture> {
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  const preview = dialog.getByRole('img', { name: 'The screenshot that will be sent', exact: true });
  await preview.waitFor({ timeout: 20_000 });
  const original = await readImageInPage(page, (await preview.getAttribute('src'))!);

  await dialog.getByRole('button', { name: 'Mark up' }).click();
  await page.getByTestId('hypercare-editor-canvas').waitFor();
  return original;
}

function editorButton(page: Page, name: string) {
  return page.getByRole('group', { name: 'Mark up the screenshot' }).getByRole('button', { name });
}

async function chooseTool(page: Page, name: string): Promise<void> {
  await page.getByRole('radio', { name }).check();
}

/** The editor's live region, as a screen reader hears it. */
async function announcement(page: Page): Promise<string> {
  const live = page.getByRole('group', { name: 'Mark up the screenshot' }).locator('[aria-live]');
  return (await live.textContent()) ?? '';
}

async function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-hypercare-root]')?.shadowRoot;
    const active = root?.activeElement as HTMLElement | null | undefined;
    if (!active) return '';

    const label = active.getAttribute('aria-label') ?? active.closest('label')?.textContent;
    return (label ?? active.textContent ?? '').trim();
  });
}

async function tabTo(page: Page, label: string): Promise<void> {
  for (let presses = 0; presses < 20; presses += 1) {
    if ((await focusedLabel(page)) === label) return;

    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${label}"`);
}

/** Where an image pixel is on the screen, given how the canvas is scaled. */
async function toScreen(page: Page, point: { x: number; y: number }) {
  const canvas = page.getByTestId('hypercare-editor-canvas');
  const box = (await canvas.boundingBox())!;
  const width = await canvas.evaluate((element) => (element as HTMLCanvasElement).width);
  const height = await canvas.evaluate((element) => (element as HTMLCanvasElement).height);

  return { x: box.x + (point.x * box.width) / width, y: box.y + (point.y * box.height) / height };
}

async function dragOnImage(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const start = await toScreen(page, from);
  const end = await toScreen(page, to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 8 });
  await page.mouse.up();
}

// Lines three pixels wide lose some colour to lossy WebP, so they are told
// by their hue: the editor's red ink (229, 23, 63) and the highlight's amber
// outline (245, 180, 0), on the fixture's green.
function isInk([r, g, b]: Rgb): boolean {
  return r > 140 && r - g > 90 && r - b > 70;
}

function isAmber([r, g, b]: Rgb): boolean {
  return r > 180 && g > 130 && b < 90;
}

async function clickOnImage(page: Page, point: { x: number; y: number }) {
  const target = await toScreen(page, point);
  await page.mouse.click(target.x, target.y);
}

/** A one-finger drag, as the touch screen reports it (Chromium makes pointer events of it). */
async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  const start = await toScreen(page, from);
  const end = await toScreen(page, to);
  const session = await page.context().newCDPSession(page);
  type TouchType = 'touchStart' | 'touchMove' | 'touchEnd';
  const touch = (type: TouchType, points: Array<{ x: number; y: number }>) =>
    session.send('Input.dispatchTouchEvent', { type, touchPoints: points });

  await touch('touchStart', [start]);
  for (let step = 1; step <= 8; step += 1) {
    const t = step / 8;
    await touch('touchMove', [{ x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t }]);
  }
  await touch('touchEnd', []);
  await session.detach();
}

async function finishAndSend(page: Page, description: string): Promise<Picture> {
  await editorButton(page, 'Use this screenshot').click();
  return sendFromForm(page, description);
}

/** Sends from the form once the editor has closed, and reads the stored screenshot. */
async function sendFromForm(page: Page, description: string): Promise<Picture> {
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByRole('img', { name: 'The screenshot that will be sent, with your markings' }).waitFor();
  const reference = await send(page, description);

  const report = await findReport(reference);
  expect(report.attachments).toHaveLength(1);
  return readImageInPage(page, report.attachments[0]!.url);
}

async function send(page: Page, description: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: 'Send feedback' });
  await dialog.getByLabel('What happened?').fill(description);
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  return (await dialog.getByTestId('hypercare-reference').textContent({ timeout: 20_000 })) ?? '';
}

interface ListedReport {
  reference: string;
  attachments: Array<{ kind: string; contentType: string; url: string }>;
}

async function findReport(reference: string): Promise<ListedReport> {
  const { reports } = (await (await fetch(`${demo.url}/v1/reports`)).json()) as {
    reports: ListedReport[];
  };
  const report = reports.find((candidate) => candidate.reference === reference);
  if (!report) throw new Error(`Report ${reference} is not in the relay's list`);

  return report;
}
