/**
 * Adds a style sheet to a shadow root. Constructed sheets are preferred: they
 * are shared rather than copied, and pages whose Content Security Policy
 * forbids inline `<style>` still accept them. Browsers without them, such as
 * Safari before 16.4, get a `<style>` element instead.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  if (canConstructSheets(root)) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  }

  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.prepend(style);
}

function canConstructSheets(root: ShadowRoot): boolean {
  return (
    Array.isArray(root.adoptedStyleSheets) &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  );
}
