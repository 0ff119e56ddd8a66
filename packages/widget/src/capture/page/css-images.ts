/**
 * html2canvas 1.4 knows linear and radial gradients only; it silently skips
 * conic and repeating gradients, image-set() and cross-fade()
 * (SUPPORTED_IMAGE_FUNCTIONS in src/css/types/image.ts), so pie charts,
 * progress stripes and spinners came out empty. The browser paints such a
 * background itself here, through an SVG `<foreignObject>`, into an image
 * the copy then uses instead.
 */

const UNDRAWN_IMAGE =
  /(?:^|[^\w-])(conic-gradient|repeating-conic-gradient|repeating-linear-gradient|repeating-radial-gradient|image-set|-webkit-image-set|cross-fade)\(/i;

/** Larger backgrounds cost too much memory to paint twice; they stay as html2canvas draws them. */
const MAX_PAINTED_PIXELS = 4_000_000;

const BACKGROUND_PROPERTIES = [
  'background-image',
  'background-color',
  'background-size',
  'background-position',
  'background-repeat',
  'background-origin',
  'background-clip',
  'border-top-width',
  'border-right-width',
  'border-bottom-width',
  'border-left-width',
  'border-radius',
] as const;

/** Paints the backgrounds html2canvas would skip into images in `clone`; returns how many. */
export async function paintUndrawnBackgrounds(clone: Document, scale: number): Promise<number> {
  const view = clone.defaultView!;
  const jobs: Promise<boolean>[] = [];

  for (const element of clone.querySelectorAll<HTMLElement>('*')) {
    const computed = view.getComputedStyle(element);
    if (!UNDRAWN_IMAGE.test(computed.backgroundImage)) continue;

    const rect = element.getBoundingClientRect();
    const pixels = rect.width * rect.height * scale * scale;
    if (pixels === 0 || pixels > MAX_PAINTED_PIXELS) continue;

    jobs.push(paintBackground(clone, element, computed, rect, scale));
  }

  const painted = await Promise.all(jobs);
  return painted.filter(Boolean).length;
}

async function paintBackground(
  clone: Document,
  element: HTMLElement,
  computed: CSSStyleDeclaration,
  rect: DOMRect,
  scale: number,
): Promise<boolean> {
  try {
    const url = await renderToDataUrl(clone, backgroundStyle(computed, rect), rect, scale);
    const replacement = {
      'background-image': `url("${url}")`,
      'background-size': '100% 100%',
      'background-position': '0 0',
      'background-repeat': 'no-repeat',
      'background-origin': 'border-box',
      'background-clip': 'border-box',
      'background-color': 'transparent',
    };
    for (const [name, value] of Object.entries(replacement)) {
      element.style.setProperty(name, value, 'important');
    }
    return true;
  } catch {
    // A browser that cannot read back a foreignObject drawing keeps the gap.
    return false;
  }
}

function backgroundStyle(computed: CSSStyleDeclaration, rect: DOMRect): string {
  const declarations = BACKGROUND_PROPERTIES.map(
    (name) => `${name}: ${computed.getPropertyValue(name)};`,
  );
  return (
    `box-sizing: border-box; width: ${rect.width}px; height: ${rect.height}px; ` +
    `margin: 0; border-style: solid; border-color: transparent; ${declarations.join(' ')}`
  );
}

async function renderToDataUrl(
  clone: Document,
  style: string,
  rect: DOMRect,
  scale: number,
): Promise<string> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${rect.width}" height="${rect.height}">` +
    '<foreignObject width="100%" height="100%">' +
    `<div xmlns="http://www.w3.org/1999/xhtml" style="${escapeAttribute(style)}"></div>` +
    '</foreignObject></svg>';

  const image = clone.createElement('img');
  image.src = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  await image.decode();

  const canvas = clone.createElement('canvas');
  canvas.width = Math.max(1, Math.round(rect.width * scale));
  canvas.height = Math.max(1, Math.round(rect.height * scale));
  canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
