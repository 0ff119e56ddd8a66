/**
 * Keeps keyboard focus inside the dialog, as the WAI-ARIA Authoring
 * Practices' modal dialog pattern asks: Tab from the last control wraps to
 * the first, and Shift+Tab from the first wraps to the last.
 */

const FOCUSABLE = 'button,input,select,textarea,a[href],[tabindex]:not([tabindex="-1"])';

/** The controls Tab can reach inside `container`, in order. */
export function listFocusable(container: Element): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !(element as HTMLButtonElement).disabled && !element.closest('[hidden]'),
  );
}

/** Handles a Tab key press so focus wraps around inside `container`. */
export function trapTab(event: KeyboardEvent, container: HTMLElement): void {
  const focusable = listFocusable(container);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) return;

  const active = findActiveElement(container);
  const outside = !active || !container.contains(active);

  if (event.shiftKey && (outside || active === first || active === container)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (outside || active === last)) {
    event.preventDefault();
    first.focus();
  }
}

// Inside a shadow root, document.activeElement is the host; the root knows
// the real one.
function findActiveElement(container: Element): Element | null {
  const root = container.getRootNode() as Document | ShadowRoot;
  return root.activeElement;
}
