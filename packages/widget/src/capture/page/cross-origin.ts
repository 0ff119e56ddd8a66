/**
 * Images from other origins taint a canvas unless they were fetched with
 * CORS, and a tainted canvas cannot be encoded (HTML, "check the usability
 * of the image argument"). html2canvas skips what fails to load with CORS and
 * leaves a hole. Here each cross-origin image is tried first: with CORS it is
 * drawn as is; else through the relay's image proxy when one is given; else a
 * neutral placeholder of the same size takes its place, and the diagnostic
 * says so. SVG `<use>` of an external file is inlined, since html2canvas draws
 * an SVG as an image, and images never load external resources. Browsers
 * never draw a `<use>` of another origin's file, CORS or not (SVG 2, section
 * 5.6.3), so neither does the capture.
 */
import { MAX_UNRENDERED } from '@hypercare/shared';

import type { Unrendered } from '../capture-result.js';

export interface ResourceOptions {
  /** The relay's image proxy; `?url=` is appended. Default: none. */
  imageProxy?: string;
  /** Gives up on one image after this long. */
  timeoutMs: number;
}

/** What the clone should draw instead of the page's own resources. */
export interface ResourcePlan {
  /** Absolute image URL to the URL drawn instead. */
  images: Map<string, string>;
  /** External SVG files by URL, parsed, or `undefined` when they failed. */
  svgFiles: Map<string, Document | undefined>;
  unrendered: Unrendered[];
  /** Frees the object URLs the proxy's answers were given. */
  release(): void;
}

/** Neutral grey, as a placeholder reads "something was here". */
export const PLACEHOLDER_COLOR = '#cccccc';

/** A page with more distinct cross-origin images gets placeholders for the rest. */
const MAX_PROBED = 64;

const CSS_URL = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/g;

/** Tries every cross-origin image and external SVG the page shows. */
export async function planResources(
  doc: Document,
  elements: readonly Element[],
  options: ResourceOptions,
): Promise<ResourcePlan> {
  const found = collectResources(doc, elements);
  const objectUrls: string[] = [];
  const plan: ResourcePlan = {
    images: new Map(),
    svgFiles: new Map(),
    unrendered: [],
    release: () => objectUrls.forEach((url) => URL.revokeObjectURL(url)),
  };

  for (const frame of found.frames) {
    note(plan, { kind: 'frame', source: describeSource(frame), reason: 'another origin' });
  }

  const probes = [...found.images].slice(0, MAX_PROBED).map(async ([url, kind]) => {
    const outcome = await tryImage(doc, url, options, objectUrls);
    if (outcome.drawAs) plan.images.set(url, outcome.drawAs);
    if (outcome.reason) note(plan, { kind, source: describeSource(url), reason: outcome.reason });
  });
  const files = [...found.svgFiles].map(async (url) => {
    const file = await fetchSvg(url, options.timeoutMs);
    plan.svgFiles.set(url, file);
    if (!file) note(plan, { kind: 'svg', source: describeSource(url), reason: 'did not load' });
  });

  await Promise.all([...probes, ...files]);
  return plan;
}

/** The URLs inside a computed `background-image` and similar lists. */
export function cssUrls(value: string): string[] {
  const urls: string[] = [];
  for (const match of value.matchAll(CSS_URL)) {
    const url = match[1] ?? match[2] ?? match[3];
    if (url) urls.push(url.replace(/\\(.)/g, '$1'));
  }
  return urls;
}

/** Rewrites the `url(…)`s of a computed value through `plan.images`. */
export function replaceCssUrls(value: string, doc: Document, plan: ResourcePlan): string {
  return value.replace(CSS_URL, (whole, double, single, bare) => {
    const url = absolute(doc, double ?? single ?? bare ?? '');
    const drawAs = url && plan.images.get(url);
    return drawAs ? `url("${drawAs}")` : whole;
  });
}

/** A data URL of a grey image `width` by `height`, drawn without taint. */
export function placeholderUrl(width: number, height: number): string {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">` +
    `<rect width="100%" height="100%" fill="${PLACEHOLDER_COLOR}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** An absolute http(s) URL from another origin than `doc`'s, or undefined. */
export function absolute(doc: Document, text: string): string | undefined {
  try {
    const url = new URL(text, doc.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function isCrossOrigin(doc: Document, url: string): boolean {
  return new URL(url).origin !== new URL(doc.baseURI).origin;
}

/** The external file a `<use>` points at, or undefined for `#id` and data URLs. */
export function externalUseFile(doc: Document, use: Element): string | undefined {
  const href = use.getAttribute('href') ?? use.getAttribute('xlink:href') ?? '';
  if (href === '' || href.startsWith('#')) return undefined;

  const url = absolute(doc, href);
  return url?.split('#')[0];
}

function collectResources(doc: Document, elements: readonly Element[]) {
  const images = new Map<string, Unrendered['kind']>();
  const svgFiles = new Set<string>();
  const frames: string[] = [];
  const addImage = (text: string, kind: Unrendered['kind']) => {
    const url = absolute(doc, text);
    if (url && isCrossOrigin(doc, url) && !images.has(url)) images.set(url, kind);
  };

  for (const element of elements) {
    if (element instanceof HTMLImageElement) addImage(element.currentSrc || element.src, 'image');

    const background = getComputedStyle(element).backgroundImage;
    if (background.includes('url(')) {
      for (const url of cssUrls(background)) addImage(url, 'background');
    }

    const file = element.localName === 'use' ? externalUseFile(doc, element) : undefined;
    if (file && !isCrossOrigin(doc, file)) svgFiles.add(file);

    const frame = element.localName === 'iframe' ? foreignFrame(doc, element) : undefined;
    if (frame) frames.push(frame);
  }
  return { images, svgFiles, frames };
}

interface ImageOutcome {
  /** What to draw instead; nothing when the image draws cleanly as it is. */
  drawAs?: string;
  /** Why it is not drawn as the page shows it. */
  reason?: string;
}

async function tryImage(
  doc: Document,
  url: string,
  options: ResourceOptions,
  objectUrls: string[],
): Promise<ImageOutcome> {
  if (await loadImage(doc, url, 'anonymous', options.timeoutMs)) return {};

  if (options.imageProxy) {
    const proxied = await fetchThroughProxy(options.imageProxy, url, options.timeoutMs);
    if (proxied) {
      objectUrls.push(proxied);
      return { drawAs: proxied };
    }
  }

  const plain = await loadImage(doc, url, null, options.timeoutMs);
  const reason = plain ? 'no CORS headers' : 'did not load';
  return { drawAs: placeholderUrl(plain?.naturalWidth ?? 1, plain?.naturalHeight ?? 1), reason };
}

function loadImage(
  doc: Document,
  url: string,
  crossOrigin: 'anonymous' | null,
  timeoutMs: number,
): Promise<HTMLImageElement | undefined> {
  return new Promise((resolve) => {
    const image = doc.createElement('img');
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      resolve(ok ? image : undefined);
    };

    image.onload = () => finish(image.naturalWidth > 0 || image.naturalHeight > 0);
    image.onerror = () => finish(false);
    if (crossOrigin) image.crossOrigin = crossOrigin;
    image.src = url;
  });
}

async function fetchThroughProxy(
  proxy: string,
  url: string,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const target = `${proxy}${proxy.includes('?') ? '&' : '?'}url=${encodeURIComponent(url)}`;
    const signal = AbortSignal.timeout(timeoutMs);
    const response = await fetch(target, { signal, credentials: 'omit' });
    const blob = await response.blob();
    if (!response.ok || !blob.type.startsWith('image/')) return undefined;

    return URL.createObjectURL(blob);
  } catch {
    return undefined;
  }
}

async function fetchSvg(url: string, timeoutMs: number): Promise<Document | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;

    const parsed = new DOMParser().parseFromString(await response.text(), 'image/svg+xml');
    return parsed.querySelector('parsererror') ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/**
 * A frame's document can be read, and so drawn, only from the same origin;
 * html2canvas leaves any other frame empty.
 */
export function foreignFrame(doc: Document, element: Element): string | undefined {
  try {
    if ((element as HTMLIFrameElement).contentDocument) return undefined;
  } catch {
    // Some browsers throw instead of answering null.
  }
  return absolute(doc, element.getAttribute('src') ?? '');
}

function note(plan: ResourcePlan, entry: Unrendered): void {
  if (plan.unrendered.length < MAX_UNRENDERED) plan.unrendered.push(entry);
}

/** Origin and path: a query may hold a token the report should not carry. */
function describeSource(url: string): string {
  const { origin, pathname } = new URL(url);
  return (origin + pathname).slice(0, 1_000);
}
