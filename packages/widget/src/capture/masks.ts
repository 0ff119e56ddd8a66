/**
 * Which parts of the page never leave it as pixels: elements the product
 * team marks with `data-hypercare-mask` or names by selector, every password
 * field and fields browsers fill with secrets, and (as black boxes on
 * screen captures, or `*` in page captures) inputs of configured types.
 */

export const MASK_ATTRIBUTE = 'data-hypercare-mask';

/** Always masked, whatever the options say. */
export const ALWAYS_MASKED = [
  `[${MASK_ATTRIBUTE}]`,
  'input[type="password"]',
  // A "show password" toggle turns the type to text; autofill hints stay.
  '[autocomplete~="current-password"]',
  '[autocomplete~="new-password"]',
  '[autocomplete~="one-time-code"]',
  '[autocomplete~="cc-number"]',
  '[autocomplete~="cc-csc"]',
];

export const DEFAULT_MASK_INPUT_TYPES = ['email', 'tel'];

export interface MaskOptions {
  /** CSS selectors of elements blacked out, besides `ALWAYS_MASKED`. Default: none. */
  mask?: readonly string[];
  /** Input types whose values are hidden. Default: `['email', 'tel']`. */
  maskInputTypes?: readonly string[];
}

/** A region to black out, in CSS pixels from the viewport's top left. */
export interface MaskRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Every selector of masked elements, the product team's after `ALWAYS_MASKED`. */
export function maskSelectors(options: MaskOptions): string[] {
  return [...ALWAYS_MASKED, ...(options.mask ?? [])];
}

export function inputSelector(options: MaskOptions): string | undefined {
  const types = options.maskInputTypes ?? DEFAULT_MASK_INPUT_TYPES;
  if (types.length === 0) return undefined;

  return types.map((type) => `input[type="${cssString(type)}"]`).join(', ');
}

/**
 * The viewport rectangles of every element matching `selectors`, in the
 * document and in open shadow roots, except inside `exclude`. Throws on an
 * invalid selector rather than sending an unmasked picture.
 */
export function findMaskRects(
  doc: Document,
  selectors: readonly string[],
  exclude?: Element,
): MaskRect[] {
  checkSelectors(doc, selectors);

  const rects: MaskRect[] = [];
  for (const element of queryDeep(doc, selectors.join(', '), exclude)) {
    if (exclude?.contains(element)) continue;

    const rect = element.getBoundingClientRect();
    if (rect.width > 0 && rect.height > 0) {
      rects.push({ left: rect.left, top: rect.top, width: rect.width, height: rect.height });
    }
  }
  return rects;
}

/**
 * Paints `rects` black onto `canvas`, whose top left is the viewport point
 * (`originX`, `originY`) drawn at `scale` image pixels per CSS pixel.
 */
export function paintMasks(
  canvas: HTMLCanvasElement,
  rects: readonly MaskRect[],
  place: { originX: number; originY: number; scale: number },
): void {
  if (rects.length === 0) return;

  const context = canvas.getContext('2d');
  if (!context) throw new Error('Failed to mask the screenshot: no 2D canvas context');

  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.globalCompositeOperation = 'source-over';
  context.globalAlpha = 1;
  context.fillStyle = '#000';
  for (const rect of rects) {
    // Rounded outwards, so no anti-aliased edge of the content shows.
    const left = Math.floor((rect.left - place.originX) * place.scale);
    const top = Math.floor((rect.top - place.originY) * place.scale);
    const right = Math.ceil((rect.left + rect.width - place.originX) * place.scale);
    const bottom = Math.ceil((rect.top + rect.height - place.originY) * place.scale);
    context.fillRect(left, top, right - left, bottom - top);
  }
  context.restore();
}

/** Matches in the document and every open shadow root below it but `skip`'s. */
export function queryDeep(
  root: Document | ShadowRoot,
  selector: string,
  skip?: Element,
): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot && element !== skip) {
      found.push(...queryDeep(element.shadowRoot, selector, skip));
    }
  }
  return found;
}

/** Throws `Failed to mask the screenshot: …` naming the first invalid selector. */
export function checkSelectors(doc: Document, selectors: readonly string[]): void {
  const probe = doc.createDocumentFragment();
  for (const selector of selectors) {
    try {
      probe.querySelector(selector);
    } catch {
      throw new Error(`Failed to mask the screenshot: "${selector}" is not a CSS selector`);
    }
  }
}

function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
