/**
 * The page renderer, loaded lazily with html2canvas as the `capture` chunk.
 * It prepares what html2canvas cannot handle on its own (colour syntax,
 * cross-origin resources, the top layer, masked content) in the copy of the
 * page html2canvas draws from, draws it, then burns the masks in.
 */
import html2canvas from 'html2canvas';
import type { Options as Html2CanvasOptions } from 'html2canvas';

import type { Unrendered } from '../capture-result.js';
import {
  checkSelectors,
  findMaskRects,
  inputSelector,
  maskSelectors,
  paintMasks,
  type MaskOptions,
} from '../masks.js';
import {
  COLOR_PROPERTIES,
  createColorConverter,
  hasForeignColor,
  replaceForeignColors,
  type ColorConverter,
} from './modern-colors.js';
import {
  externalUseFile,
  foreignFrame,
  isCrossOrigin,
  PLACEHOLDER_COLOR,
  planResources,
  replaceCssUrls,
  absolute,
  type ResourcePlan,
} from './cross-origin.js';
import { paintUndrawnBackgrounds } from './css-images.js';
import { pinTopLayer, readTopLayer } from './top-layer.js';

/** Draws an element onto a canvas, as html2canvas does; tests pass their own. */
export type DrawEngine = (
  element: HTMLElement,
  options: Partial<Html2CanvasOptions>,
) => Promise<HTMLCanvasElement>;

/** The part of the page to draw, in CSS pixels from the document's top left. */
export interface PageArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderPageOptions extends MaskOptions {
  window: Window;
  area: PageArea;
  /** Image pixels per CSS pixel. */
  scale: number;
  exclude?: Element;
  imageProxy?: string;
  /** Gives up on one image after this long. */
  imageTimeoutMs: number;
  /** Default: html2canvas. */
  engine?: DrawEngine;
}

export interface RenderedPage {
  canvas: HTMLCanvasElement;
  masked: number;
  approximated: number;
  unrendered: Unrendered[];
}

/** Draws `area` of the page with masks burned in; rejects when drawing fails. */
export async function renderPage(options: RenderPageOptions): Promise<RenderedPage> {
  const win = options.window;
  const doc = win.document;
  checkSelectors(doc, maskSelectors(options));

  const plan = await planResources(doc, pageElements(doc, options.exclude), {
    imageProxy: options.imageProxy,
    timeoutMs: options.imageTimeoutMs,
  });
  const scrollX = win.scrollX;
  const scrollY = win.scrollY;

  try {
    // Read in the same task in which html2canvas copies the page (its
    // DocumentCloner runs before its first await), so the masks and the
    // top layer match the copy even if the page moved while images loaded.
    const masks = findMaskRects(doc, maskSelectors(options), options.exclude);
    const topLayer = readTopLayer(doc);
    let approximated = 0;

    const canvas = await (options.engine ?? html2canvas)(doc.documentElement, {
      ...options.area,
      windowWidth: win.innerWidth,
      windowHeight: win.innerHeight,
      scale: options.scale,
      ignoreElements: (element) => element === options.exclude,
      logging: false,
      useCORS: true,
      allowTaint: false,
      imageTimeout: options.imageTimeoutMs,
      onclone: async (clone) => {
        holdFrameSize(clone, win, scrollX, scrollY);
        pinTopLayer(doc, clone, topLayer);
        hideMaskedContent(clone, options);
        inlineExternalSvg(clone, plan);
        unpositionSvgRoots(clone);
        centerInputText(clone);
        fillForeignFrames(doc, clone, options.exclude);
        const replaced: HTMLImageElement[] = [];
        approximated = rewriteStyles(clone, doc, plan, createColorConverter(doc), replaced);
        await whenDecoded(replaced, options.imageTimeoutMs);
        await paintUndrawnBackgrounds(clone, options.scale);
      },
    });

    paintMasks(canvas, masks, {
      originX: options.area.x - scrollX,
      originY: options.area.y - scrollY,
      scale: options.scale,
    });
    return { canvas, masked: masks.length, approximated, unrendered: plan.unrendered };
  } finally {
    plan.release();
    // html2canvas restores the scroll after writing its copy, but not after
    // everything; the page must stay where the user left it.
    if (win.scrollX !== scrollX || win.scrollY !== scrollY) win.scrollTo(scrollX, scrollY);
  }
}

/**
 * html2canvas sizes its frame for the copy with `width` and `height`
 * attributes (createIFrameContainer), which any page rule such as
 * `iframe { height: auto }` overrides; the copy then lays out for the wrong
 * viewport. Inline styles marked important win over every page rule.
 */
function holdFrameSize(clone: Document, win: Window, scrollX: number, scrollY: number): void {
  const frame = clone.defaultView?.frameElement as HTMLElement | null | undefined;
  if (!frame) return;

  const size = {
    display: 'block',
    width: `${win.innerWidth}px`,
    height: `${win.innerHeight}px`,
    'min-width': '0',
    'min-height': '0',
    'max-width': 'none',
    'max-height': 'none',
    padding: '0',
    'box-sizing': 'content-box',
  };
  for (const [name, value] of Object.entries(size)) {
    frame.style.setProperty(name, value, 'important');
  }
  clone.defaultView!.scrollTo(scrollX, scrollY);
}

function pageElements(doc: Document, exclude?: Element): Element[] {
  return [...doc.querySelectorAll('*')].filter((element) => !exclude?.contains(element));
}

/**
 * Masked content is made invisible in the copy as well as boxed in black on
 * the result, so text that overflows its box is not drawn either; values of
 * masked input types become asterisks of the same length.
 */
function hideMaskedContent(clone: Document, options: MaskOptions): void {
  const selectors = maskSelectors(options);
  const style = clone.createElement('style');
  const all = [...selectors, ...selectors.map((selector) => `${selector} *`)];
  style.textContent = `${all.join(', ')} { visibility: hidden !important; }`;
  clone.head?.append(style);

  const inputs = inputSelector(options);
  if (!inputs) return;

  for (const input of clone.querySelectorAll<HTMLInputElement>(inputs)) {
    const hidden = '*'.repeat(input.value.length);
    input.value = hidden;
    input.setAttribute('value', hidden);
    input.removeAttribute('placeholder');
  }
}

/**
 * One pass over the copy: colours html2canvas cannot parse become sRGB, and
 * cross-origin images and backgrounds that cannot be drawn cleanly become
 * their proxied copy or a placeholder. Returns how many colours changed.
 */
function rewriteStyles(
  clone: Document,
  original: Document,
  plan: ResourcePlan,
  convert: ColorConverter,
  replaced: HTMLImageElement[],
): number {
  const view = clone.defaultView!;
  let approximated = 0;

  for (const element of clone.querySelectorAll<HTMLElement>('*')) {
    // The copy's nodes come from the page's document (html2canvas adopts them
    // into its frame), so `instanceof` the frame's classes is always false.
    if (element.localName === 'img' && replaceImage(element as HTMLImageElement, original, plan)) {
      replaced.push(element as HTMLImageElement);
    }

    const computed = view.getComputedStyle(element);
    for (const property of COLOR_PROPERTIES) {
      const value = computed.getPropertyValue(property);
      let rewritten = hasForeignColor(value) ? replaceForeignColors(value, convert) : value;
      if (rewritten !== value) approximated++;
      if (property === 'background-image' && plan.images.size > 0 && value.includes('url(')) {
        rewritten = replaceCssUrls(rewritten, original, plan);
      }
      if (rewritten !== value) element.style?.setProperty(property, rewritten, 'important');
    }
  }
  return approximated;
}

/** Swaps in what `plan` draws instead, and says whether it did. */
function replaceImage(image: HTMLImageElement, original: Document, plan: ResourcePlan): boolean {
  const candidates = [image.getAttribute('src') ?? '', ...srcsetUrls(image)];
  const drawAs = candidates
    .map((text) => absolute(original, text))
    .map((url) => url && plan.images.get(url))
    .find(Boolean);
  if (!drawAs) return false;

  // Keep the size the user saw; the placeholder must not reflow the copy.
  const width = image.getBoundingClientRect().width;
  const height = image.getBoundingClientRect().height;
  image.removeAttribute('srcset');
  image.removeAttribute('sizes');
  if (image.parentElement?.localName === 'picture') {
    image.parentElement.querySelectorAll('source').forEach((source) => source.remove());
  }
  image.style.setProperty('width', `${width}px`, 'important');
  image.style.setProperty('height', `${height}px`, 'important');
  image.src = drawAs;
  return true;
}

/**
 * html2canvas reads an image's natural size as soon as the copy is ready,
 * and draws nothing for one still loading; swapped images must load first.
 */
async function whenDecoded(images: readonly HTMLImageElement[], timeoutMs: number): Promise<void> {
  if (images.length === 0) return;

  let timer: ReturnType<typeof setTimeout> | undefined;
  const decoded = Promise.all(images.map((image) => image.decode().catch(() => undefined)));
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([decoded, timeout]).finally(() => clearTimeout(timer));
}

function srcsetUrls(image: HTMLImageElement): string[] {
  const srcset = image.getAttribute('srcset') ?? '';
  return srcset.split(',').map((entry) => entry.trim().split(/\s+/)[0] ?? '').filter(Boolean);
}

/**
 * `<use>` of a file from the page's origin gets its target copied in, or its
 * SVG becomes a placeholder; one of another origin draws nothing, as in the page.
 */
function inlineExternalSvg(clone: Document, plan: ResourcePlan): void {
  let counter = 0;
  for (const use of clone.querySelectorAll('use')) {
    const file = externalUseFile(clone, use);
    if (!file) continue;

    if (isCrossOrigin(clone, file)) {
      use.remove();
      continue;
    }

    const href = use.getAttribute('href') ?? use.getAttribute('xlink:href') ?? '';
    const id = decodeURIComponent(href.split('#')[1] ?? '');
    const target = id ? plan.svgFiles.get(file)?.getElementById(id) : undefined;
    const svg = use.closest('svg');
    if (!svg) continue;

    if (!target) {
      drawAsPlaceholder(clone, svg);
      continue;
    }

    const copy = clone.importNode(target, true) as Element;
    copy.id = `hypercare-use-${++counter}`;
    const defs = clone.createElementNS('http://www.w3.org/2000/svg', 'defs');
    defs.append(copy);
    svg.prepend(defs);
    use.removeAttribute('xlink:href');
    use.setAttribute('href', `#${copy.id}`);
  }
}

/**
 * html2canvas draws an inline `<svg>` as an image of its own markup, with
 * every computed style copied onto it, `position` and `inset` included; in
 * that image they push the drawing out of its own frame, so a positioned
 * SVG came out blank. A wrapper takes over the positioning in the copy.
 */
function unpositionSvgRoots(clone: Document): void {
  const view = clone.defaultView!;
  for (const svg of clone.querySelectorAll('svg')) {
    if (svg.parentElement?.closest('svg')) continue;

    const computed = view.getComputedStyle(svg);
    if (computed.position === 'static' && computed.transform === 'none') continue;

    const rect = svg.getBoundingClientRect();
    const wrapper = clone.createElement('span');
    for (const property of WRAPPER_PROPERTIES) {
      wrapper.style.setProperty(property, computed.getPropertyValue(property));
    }
    wrapper.style.display = computed.display === 'inline' ? 'inline-block' : computed.display;
    wrapper.style.width = `${rect.width}px`;
    wrapper.style.height = `${rect.height}px`;
    wrapper.style.lineHeight = '0';

    svg.before(wrapper);
    wrapper.append(svg);
    for (const [property, value] of UNPOSITIONED) {
      svg.style.setProperty(property, value, 'important');
    }
  }
}

const WRAPPER_PROPERTIES = [
  'position',
  'top',
  'right',
  'bottom',
  'left',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'z-index',
  'transform',
  'transform-origin',
  'float',
  'vertical-align',
];

const UNPOSITIONED = [
  ['position', 'static'],
  ['inset', 'auto'],
  ['margin', '0'],
  ['transform', 'none'],
  ['float', 'none'],
] as const;

/** The class of the frame html2canvas adds to the page (DocumentCloner, createIFrameContainer). */
const HTML2CANVAS_CONTAINER = 'html2canvas-container';

const TEXT_INPUT = ['text', 'email', 'search', 'tel', 'url', 'password', 'number']
  .map((type) => `input[type="${type}"]`)
  .concat('input:not([type])')
  .join(', ');

/**
 * Browsers centre an input's line of text in its box; html2canvas draws it
 * at the top of the content box (CanvasRenderer.renderNodeContent), so a
 * tall field's text came out too high. The copy moves the same amount of
 * padding from below the text to above it, leaving the box as it was.
 */
function centerInputText(clone: Document): void {
  const view = clone.defaultView!;
  const probe = clone.createElement('span');
  probe.textContent = 'Xg';
  probe.style.cssText =
    'position: absolute; visibility: hidden; white-space: pre; line-height: normal;';
  clone.body?.append(probe);

  for (const input of clone.querySelectorAll<HTMLInputElement>(TEXT_INPUT)) {
    const computed = view.getComputedStyle(input);
    const top = parseFloat(computed.paddingTop) || 0;
    const bottom = parseFloat(computed.paddingBottom) || 0;
    const content = input.clientHeight - top - bottom;
    probe.style.font = computed.font;
    const line =
      computed.lineHeight === 'normal' ? probe.offsetHeight : parseFloat(computed.lineHeight);
    const shift = Math.floor((content - line) / 2);
    if (!(shift > 0)) continue;

    input.style.setProperty('padding-top', `${top + shift}px`, 'important');
    if (computed.boxSizing === 'border-box') continue;
    input.style.setProperty('height', `${parseFloat(computed.height) - shift}px`, 'important');
  }
  probe.remove();
}

/**
 * Frames from other origins are drawn as placeholders: their own
 * background is all html2canvas paints of them. Copies are matched by their
 * order among the page's frames, which copying keeps; the frame html2canvas
 * itself adds to the page to hold the copy is not one of them.
 */
function fillForeignFrames(original: Document, clone: Document, exclude?: Element): void {
  const frames = [...original.querySelectorAll('iframe')].filter(
    (frame) => !exclude?.contains(frame) && !frame.classList.contains(HTML2CANVAS_CONTAINER),
  );
  const copies = [...clone.querySelectorAll('iframe')];
  if (frames.length !== copies.length) return;

  frames.forEach((frame, index) => {
    if (!foreignFrame(original, frame)) return;

    copies[index]!.style.setProperty('background', PLACEHOLDER_COLOR, 'important');
  });
}

function drawAsPlaceholder(clone: Document, svg: SVGSVGElement): void {
  const rect = clone.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', PLACEHOLDER_COLOR);
  svg.replaceChildren(rect);
  svg.removeAttribute('viewBox');
}
