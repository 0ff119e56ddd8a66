/**
 * html2canvas 1.4 reads colours only as hex, rgb() and hsl(); any other
 * colour function makes its parser throw "Attempting to parse an unsupported
 * color function" (src/css/types/color.ts), and the whole capture fails.
 * Browsers hand such colours through getComputedStyle unchanged (Chromium
 * keeps oklch(), oklab(), lab(), lch() and color(), and resolves color-mix()
 * and relative colours into one of them), so each one is turned into the
 * sRGB value a canvas draws for it, property by property.
 */

/** The properties html2canvas parses as colours or as lists holding colours. */
export const COLOR_PROPERTIES = [
  'color',
  'background-color',
  'border-top-color',
  'border-right-color',
  'border-bottom-color',
  'border-left-color',
  'text-decoration-color',
  '-webkit-text-stroke-color',
  'box-shadow',
  'text-shadow',
  'background-image',
] as const;

const FOREIGN_COLOR = /(?:^|[^\w-])(oklch|oklab|lab|lch|color|color-mix|hwb|light-dark)\(/i;

export type ColorConverter = (color: string) => string;

/** Whether html2canvas would throw on a value holding this colour syntax. */
export function hasForeignColor(value: string): boolean {
  return FOREIGN_COLOR.test(value);
}

const CSS_URL = /url\((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^)]*)\)/g;

/**
 * Replaces every colour function html2canvas cannot read in `value` with
 * `convert`'s answer, leaving the rest of the value (offsets, stops, URLs) alone.
 */
export function replaceForeignColors(value: string, convert: ColorConverter): string {
  let result = '';
  let last = 0;
  for (const url of value.matchAll(CSS_URL)) {
    result += replaceOutsideUrls(value.slice(last, url.index), convert) + url[0];
    last = url.index + url[0].length;
  }
  return result + replaceOutsideUrls(value.slice(last), convert);
}

function replaceOutsideUrls(value: string, convert: ColorConverter): string {
  let result = '';
  let rest = value;

  for (let match = FOREIGN_COLOR.exec(rest); match; match = FOREIGN_COLOR.exec(rest)) {
    const start = match.index + match[0].length - match[1]!.length - 1;
    const end = findClosingParen(rest, start + match[1]!.length);
    if (end < 0) break;

    result += rest.slice(0, start) + convert(rest.slice(start, end + 1));
    rest = rest.slice(end + 1);
  }
  return result + rest;
}

/**
 * Converts colours by drawing one pixel of each onto a canvas and reading it
 * back: the browser's own parser and gamut mapping decide, so anything the
 * page can show converts. Colours outside sRGB are clipped, an approximation.
 */
export function createColorConverter(doc: Document): ColorConverter {
  const canvas = doc.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const cache = new Map<string, string>();

  return (color) => {
    const known = cache.get(color);
    if (known !== undefined) return known;

    const converted = context ? drawAndRead(context, color) : 'rgba(0, 0, 0, 0)';
    cache.set(color, converted);
    return converted;
  };
}

function drawAndRead(context: CanvasRenderingContext2D, color: string): string {
  context.clearRect(0, 0, 1, 1);
  context.fillStyle = 'rgba(0, 0, 0, 0)';
  context.fillStyle = color;
  context.fillRect(0, 0, 1, 1);

  const [red, green, blue, alpha] = context.getImageData(0, 0, 1, 1).data;
  return `rgba(${red}, ${green}, ${blue}, ${Math.round((alpha! / 255) * 1000) / 1000})`;
}

function findClosingParen(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '(') depth++;
    else if (text[index] === ')' && --depth === 0) return index;
  }
  return -1;
}
