/**
 * Dialogs opened with showModal() and open popovers live in the browser's
 * top layer (HTML, "top layer"; CSS Position 4, section 3). A copy of the
 * page is only markup: its dialogs are merely `open`, drawn in the flow
 * without a backdrop, and its popovers are hidden by `[popover]:not(
 * :popover-open) { display: none }`. So each one is pinned in the copy where
 * the user sees it, above everything else, with its backdrop behind it.
 */

/** Above any z-index a page gives, as the top layer is. */
const TOP_Z_INDEX = 2_147_483_000;

interface Lifted {
  element: Element;
  rect: DOMRect;
  display: string;
  backdrop?: string;
}

/**
 * Reads where the page's top-layer elements are. Elements are matched to
 * the copy by their order among `dialog` and `[popover]` elements, which
 * copying keeps; elements in shadow roots are left as they are.
 */
export function readTopLayer(doc: Document): Lifted[] {
  const lifted: Lifted[] = [];
  for (const element of topLayerCandidates(doc)) {
    if (!isInTopLayer(element)) continue;

    const view = doc.defaultView!;
    lifted.push({
      element,
      rect: element.getBoundingClientRect(),
      display: view.getComputedStyle(element).display,
      ...(matches(element, ':modal') && { backdrop: readBackdrop(view, element) }),
    });
  }
  return lifted;
}

/** Pins the copies of `lifted` in `clone` where the user saw them. */
export function pinTopLayer(original: Document, clone: Document, lifted: readonly Lifted[]): void {
  if (lifted.length === 0) return;

  const originals = topLayerCandidates(original);
  const copies = topLayerCandidates(clone);
  if (originals.length !== copies.length) return;

  lifted.forEach((entry, order) => {
    const copy = copies[originals.indexOf(entry.element)];
    if (!copy) return;

    const zIndex = TOP_Z_INDEX + order * 2;
    if (entry.backdrop) copy.before(createBackdrop(clone, entry.backdrop, zIndex));
    pin(copy as HTMLElement, entry, zIndex + 1);
  });
}

function topLayerCandidates(doc: Document): Element[] {
  return [...doc.querySelectorAll('dialog, [popover]')];
}

function isInTopLayer(element: Element): boolean {
  return matches(element, ':modal') || matches(element, ':popover-open');
}

/** Browsers without a pseudo-class throw on it; they have no such top layer either. */
function matches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

function readBackdrop(view: Window, element: Element): string {
  return view.getComputedStyle(element, '::backdrop').backgroundColor || 'transparent';
}

function createBackdrop(clone: Document, color: string, zIndex: number): HTMLElement {
  const backdrop = clone.createElement('div');
  backdrop.style.cssText =
    `position: fixed; inset: 0; margin: 0; padding: 0; border: 0;` +
    `background: ${color}; z-index: ${zIndex};`;
  return backdrop;
}

function pin(copy: HTMLElement, entry: Lifted, zIndex: number): void {
  const { rect } = entry;
  const style: Record<string, string> = {
    position: 'fixed',
    left: `${rect.left}px`,
    top: `${rect.top}px`,
    right: 'auto',
    bottom: 'auto',
    width: `${rect.width}px`,
    height: `${rect.height}px`,
    'max-width': 'none',
    'max-height': 'none',
    margin: '0',
    'box-sizing': 'border-box',
    transform: 'none',
    translate: 'none',
    display: entry.display === 'none' ? 'block' : entry.display,
    'z-index': String(zIndex),
  };
  for (const [name, value] of Object.entries(style)) {
    copy.style.setProperty(name, value, 'important');
  }
}
