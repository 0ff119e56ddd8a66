/**
 * What the capture suite runs on: the capture module bundled for the page
 * with esbuild (so it is tested from source, lazy renderer and all, without
 * the dialog around it), fixture pages served from one loopback origin, and
 * images, backgrounds and SVG sprites served from a second loopback origin
 * with and without CORS headers. Pixel helpers compare captures with the
 * browser's own screenshot of the same page.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll } from 'vitest';

import { launchChromium } from './browser.js';
import { bundleForPage } from './bundle-for-page.js';

const CAPTURE_ENTRY = fileURLToPath(
  new URL('../../packages/widget/src/capture/index.ts', import.meta.url),
);
const FIXTURES = fileURLToPath(new URL('../fixtures/capture/', import.meta.url));

export type Rgba = [number, number, number, number];

export interface CaptureServers {
  /** The fixture pages' origin, such as `http://127.0.0.1:41234`. */
  origin: string;
  /** Another origin serving `/cors/*` with CORS headers and `/plain/*` without. */
  other: string;
  /** Every path the other origin was asked for, in order. */
  otherRequests: string[];
  close(): Promise<void>;
}

export interface CaptureSuite {
  servers: CaptureServers;
  browser: Browser;
  /**
   * Opens a fixture page in a fresh page of its own, once it has loaded, or
   * once the network is quiet for pages whose scripts load more.
   */
  open(name: string, options?: BrowserContextOptions, until?: LoadUntil): Promise<Page>;
  /** Opens a fixture, takes the browser's screenshot as truth, then runs `call`. */
  openAndCapture(
    name: string,
    options: BrowserContextOptions,
    call: string,
    until?: LoadUntil,
  ): Promise<Captured>;
}

export type LoadUntil = 'load' | 'networkidle';

export interface Captured {
  page: Page;
  truth: PNG;
  shot: CaptureOutcome;
}

export interface CaptureOutcome {
  image?: PNG;
  diagnostic: Record<string, unknown>;
  width: number;
  height: number;
  type?: string;
}

/** Starts the servers and Chromium before the file's tests, and stops them after. */
export function setUpCaptureSuite(): CaptureSuite {
  const suite = {} as CaptureSuite;

  beforeAll(async () => {
    suite.servers = await startCaptureServers(await bundleCapture());
    suite.browser = await launchChromium();
    suite.open = async (name, options = {}, until = 'load') => {
      const page = await suite.browser.newPage({ deviceScaleFactor: 1, ...options });
      await page.goto(`${suite.servers.origin}/${name}`, { waitUntil: until });
      return page;
    };
    suite.openAndCapture = async (name, options, call, until) => {
      const page = await suite.open(name, options, until);
      const truth = await browserScreenshot(page);
      return { page, truth, shot: await captureIn(page, call) };
    };
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.servers?.close();
  });

  return suite;
}

/** Bundles the capture module as an IIFE setting `window.hypercareCapture`. */
export function bundleCapture(): Promise<string> {
  return bundleForPage(CAPTURE_ENTRY, 'hypercareCapture');
}

/** Starts both origins; fixture pages get `{{OTHER}}` replaced by the other origin. */
export async function startCaptureServers(bundle: string): Promise<CaptureServers> {
  const otherRequests: string[] = [];
  const other = await listen((request, response) => {
    otherRequests.push(request.url ?? '');
    serveOther(request, response);
  });
  const origin = await listen((request, response) =>
    serveFixture(request, response, bundle, other.url),
  );

  return {
    origin: origin.url,
    other: other.url,
    otherRequests,
    close: async () => {
      await Promise.all([close(origin.server), close(other.server)]);
    },
  };
}

/** A solid PNG, as the other origin serves it. */
export function solidPng(width: number, height: number, [r, g, b]: Rgba | number[]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([r!, g!, b!, 255], i * 4);
  return PNG.sync.write(png);
}

/** Runs a capture function in the page and decodes its image. */
export async function captureIn(page: Page, call: string): Promise<CaptureOutcome> {
  const result = await page.evaluate(async (source) => {
    const capture = (window as unknown as { hypercareCapture: Record<string, unknown> }).hypercareCapture;
    const run = new Function('capture', `return (${source})`) as (capture: unknown) => Promise<{
      blob?: Blob;
      width: number;
      height: number;
      diagnostic: Record<string, unknown>;
    }>;
    const shot = await run(capture);
    const bytes = shot.blob ? [...new Uint8Array(await shot.blob.arrayBuffer())] : undefined;
    return { bytes, type: shot.blob?.type, width: shot.width, height: shot.height, diagnostic: shot.diagnostic };
  }, call);

  const { bytes, type, ...rest } = result;
  if (!bytes || !type) return rest;

  // WebP decodes in the browser; the suite reads PNG in Node.
  const image = type === 'image/png'
    ? PNG.sync.read(Buffer.from(bytes))
    : await decodeInBrowser(page, Uint8Array.from(bytes), type);
  return { ...rest, image, type };
}

/** Decodes any image the browser reads (WebP included) into a PNG, in `page`. */
export async function decodeInBrowser(page: Page, bytes: Uint8Array, type: string): Promise<PNG> {
  const base64 = await page.evaluate(
    async ({ data, type }) => {
      const binary = atob(data);
      const array = Uint8Array.from(binary, (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([array], { type }));
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
      return canvas.toDataURL('image/png').split(',')[1]!;
    },
    { data: Buffer.from(bytes).toString('base64'), type },
  );
  return PNG.sync.read(Buffer.from(base64, 'base64'));
}

/** The browser's own rendering of the viewport, as ground truth. */
export async function browserScreenshot(page: Page): Promise<PNG> {
  return PNG.sync.read(await page.screenshot({ animations: 'disabled', caret: 'hide' }));
}

export function pixelAt(image: PNG, x: number, y: number): Rgba {
  const i = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
}

/** Largest difference of any colour channel; alpha is ignored. */
export function colorDistance(a: Rgba | number[], b: Rgba | number[]): number {
  return Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!), Math.abs(a[2]! - b[2]!));
}

/**
 * The share of sampled pixels (every `step`th in each direction) that differ
 * by more than `tolerance` between two images of the same size.
 */
export function mismatchRatio(a: PNG, b: PNG, tolerance = 8, step = 4): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`images differ in size: ${a.width}×${a.height} and ${b.width}×${b.height}`);
  }

  let compared = 0;
  let different = 0;
  for (let y = 0; y < a.height; y += step) {
    for (let x = 0; x < a.width; x += step) {
      compared++;
      if (colorDistance(pixelAt(a, x, y), pixelAt(b, x, y)) > tolerance) different++;
    }
  }
  return different / compared;
}

/** How many distinct colours a region holds, to tell a blank image from a drawn one. */
export function countColors(image: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4 * 7) {
    seen.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  }
  return seen.size;
}

function serveFixture(
  request: IncomingMessage,
  response: ServerResponse,
  bundle: string,
  other: string,
): void {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/capture.js') return send(response, 200, 'text/javascript', bundle);
  if (path === '/favicon.ico') return send(response, 204, 'text/plain', '');
  if (path === '/sprite.svg') return send(response, 200, 'image/svg+xml', sprite('#00aa00'));

  const name = path.slice(1);
  if (!/^[\w-]+\.html$/.test(name)) return send(response, 404, 'text/plain', 'not found');

  try {
    const html = readFileSync(FIXTURES + name, 'utf8').replaceAll('{{OTHER}}', other);
    send(response, 200, 'text/html; charset=utf-8', html);
  } catch {
    send(response, 404, 'text/plain', 'not found');
  }
}

/**
 * `/cors/…` answers with `Access-Control-Allow-Origin: *`, `/plain/…`
 * without; `red.png`, `blue.png` and friends are solid 40×40 images;
 * `sprite.svg` holds a `#dot` symbol; `frame.html` is an orange page.
 * `/slow/…` answers as `/plain/…` does, after `SLOW_MS`.
 */
function serveOther(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const [, mode, file] = path.split('/');
  const headers: Record<string, string> = mode === 'cors' ? { 'Access-Control-Allow-Origin': '*' } : {};
  if (mode === 'slow') {
    setTimeout(() => serveOther({ ...request, url: `/plain/${file}` } as IncomingMessage, response), SLOW_MS);
    return;
  }
  if (mode !== 'cors' && mode !== 'plain') return send(response, 404, 'text/plain', 'not found');

  if (file === 'sprite.svg') return send(response, 200, 'image/svg+xml', sprite('#0000ff'), headers);
  if (file === 'frame.html') return send(response, 200, 'text/html', FRAME_HTML, headers);

  const color = IMAGE_COLORS[(file ?? '').replace(/\.png$/, '')];
  if (!color) return send(response, 404, 'text/plain', 'not found', headers);

  send(response, 200, 'image/png', solidPng(40, 40, color), headers);
}

/** How long `/slow/…` takes, long enough for a page to change meanwhile. */
export const SLOW_MS = 600;

/** An embedded page, as maps, videos and payment forms are. */
const FRAME_HTML = '<!doctype html><body style="margin:0;background:rgb(255,128,0)"></body>';

const IMAGE_COLORS: Record<string, number[]> = {
  red: [255, 0, 0],
  blue: [0, 0, 255],
  green: [0, 160, 0],
  purple: [128, 0, 128],
  orange: [255, 128, 0],
};

function sprite(fill: string): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="dot" viewBox="0 0 10 10">' +
    `<rect width="10" height="10" fill="${fill}"/></symbol></svg>`
  );
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = createServer(handler);
  return new Promise<{ server: Server; url: string }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
