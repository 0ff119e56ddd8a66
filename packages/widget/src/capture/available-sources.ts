import type { CaptureSource } from './capture-result.js';

interface PolicyHolder {
  allowsFeature?(feature: string): boolean;
}

type PolicyDocument = Document & { permissionsPolicy?: PolicyHolder; featurePolicy?: PolicyHolder };

/**
 * The screenshot sources that work in this browser, in the order to offer
 * them: the page always; the screen on desktop browsers in a secure context
 * whose permissions policy allows `display-capture`; a file wherever images
 * can be decoded.
 */
export function availableSources(win: Window = window): CaptureSource[] {
  const sources: CaptureSource[] = ['page'];
  if (canShareScreen(win)) sources.push('screen');
  if (typeof win.createImageBitmap === 'function' || 'Image' in win) {
    sources.push('file');
  }
  return sources;
}

function canShareScreen(win: Window): boolean {
  if (!win.isSecureContext) return false;
  if (typeof win.navigator.mediaDevices?.getDisplayMedia !== 'function') return false;
  if (isHandheld(win.navigator)) return false;

  return allowsDisplayCapture(win.document);
}

/**
 * Chromium exposes the policy as `document.permissionsPolicy` (and the
 * older `featurePolicy`); other browsers expose none, and their
 * getDisplayMedia rejects on its own when the policy forbids it.
 */
function allowsDisplayCapture(doc: Document): boolean {
  const holder = doc as PolicyDocument;
  const policy = holder.permissionsPolicy ?? holder.featurePolicy;
  if (typeof policy?.allowsFeature !== 'function') return true;

  return policy.allowsFeature('display-capture');
}

/** Phones and tablets either lack getDisplayMedia or share nothing useful. */
function isHandheld(navigator: Navigator): boolean {
  const hints = (navigator as Navigator & { userAgentData?: { mobile?: boolean } }).userAgentData;
  if (hints?.mobile) return true;
  if (/Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent)) return true;

  // iPadOS reports itself as a Mac, but Macs have no touch screen.
  return navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1;
}
