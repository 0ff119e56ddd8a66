/**
 * The floating "Send feedback" button, in plain DOM so that a page pays only
 * for it until someone opens the dialog, whose chunk loads on the first click.
 */
import { adoptStyles } from '../adopt-styles.js';
import { launcherWord, launcherWords } from '../languages.js';
import { guard, logFailure, type HypercareLogger } from '../logger.js';
import type { ResolvedOptions } from '../options.js';
import { LAUNCHER_CSS } from './launcher-styles.js';

export type DialogModule = typeof import('../dialog/open-dialog.js');

type DialogHandle = ReturnType<DialogModule['openDialog']>;

export interface LauncherContext {
  logger: HypercareLogger;
  /** The page to add the button to. Default: the global `document`. */
  document?: Document;
  /** Loads the dialog's chunk; tests may pass their own. Default: a lazy import. */
  loadDialog?: () => Promise<DialogModule>;
}

export interface Launcher {
  open(): Promise<void>;
  close(): void;
  destroy(): void;
}

/** The attribute that marks the widget's host element on the page. */
export const ROOT_ATTRIBUTE = 'data-hypercare-root';

const SVG_NS = 'http://www.w3.org/2000/svg';

// A speech bubble, drawn without innerHTML so pages enforcing Trusted Types
// accept it.
const ICON_PATH = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z';

/** Adds the button to the page, now or once `<body>` exists. */
export function createLauncher(options: ResolvedOptions, context: LauncherContext): Launcher {
  const { logger } = context;
  const doc = context.document ?? document;
  const loadDialog = context.loadDialog ?? (() => import('../dialog/open-dialog.js'));

  const host = createHost(doc);
  const root = host.attachShadow({ mode: 'open' });
  const button = createButton(doc, options);
  const notice = doc.createElement('p');
  notice.className = options.position === 'bottom-left' ? 'notice left' : 'notice';
  notice.style.zIndex = String(options.zIndex);
  notice.setAttribute('role', 'status');
  const layer = doc.createElement('div');
  layer.className = 'layer';
  layer.style.zIndex = String(options.zIndex);
  adoptStyles(root, LAUNCHER_CSS);
  root.append(button, notice, layer);

  let state: 'waiting' | 'shown' | 'destroyed' = 'waiting';
  let openWhenShown = false;
  let dialog: DialogHandle | undefined;
  let loading: Promise<DialogModule> | undefined;
  let returnFocusTo: HTMLElement | undefined;
  let stopKeepingAttached = () => {};

  button.hidden = options.launcher === false;
  button.addEventListener('click', guard(logger, 'open the feedback dialog', open));
  const cancelWait = whenBodyReady(doc, show);

  function show(): void {
    if (state !== 'waiting') return;

    doc.body.append(host);
    state = 'shown';
    stopKeepingAttached = keepAttached(doc, host, logger);
    if (!openWhenShown) return;

    open().catch((error) => logFailure(logger, 'open the feedback dialog', error));
  }

  async function open(): Promise<void> {
    if (state === 'waiting') openWhenShown = true;
    if (state !== 'shown' || dialog) return;

    loading ??= loadDialog().finally(() => (loading = undefined));
    let module: DialogModule;
    try {
      module = await loading;
    } catch (error) {
      // Offline, the dialog's chunk cannot arrive; say so rather than let
      // the click do nothing at all.
      tell(notice, launcherWords(options.lang).openFailed);
      throw error;
    }
    tell(notice, '');
    if (state !== 'shown' || dialog) return;

    returnFocusTo = focusToReturnTo(doc, host, button, options.launcher !== false);
    dialog = module.openDialog(layer, { ...options, logger, exclude: host, onClose: close });
    button.setAttribute('aria-expanded', 'true');
    logger.debug('Opened the feedback dialog');
  }

  function close(): void {
    openWhenShown = false;
    if (!dialog) return;

    dialog.close();
    dialog = undefined;
    button.setAttribute('aria-expanded', 'false');
    if (state === 'shown') returnFocusTo?.focus();
    returnFocusTo = undefined;
  }

  function destroy(): void {
    state = 'destroyed';
    cancelWait();
    stopKeepingAttached();
    close();
    host.remove();
  }

  return { open, close, destroy };
}

function createHost(doc: Document): HTMLElement {
  const host = doc.createElement('div');
  host.setAttribute(ROOT_ATTRIBUTE, '');

  // html2canvas skips elements with this attribute; capture also passes the
  // host to ignoreElements, so a page-made copy of the attribute is harmless.
  host.setAttribute('data-html2canvas-ignore', '');
  return host;
}

function createButton(doc: Document, options: ResolvedOptions): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = options.position === 'bottom-left' ? 'launcher left' : 'launcher';
  button.style.zIndex = String(options.zIndex);
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.append(createIcon(doc), launcherWord(options.lang, options.messages.launcher));
  return button;
}

// Decorative: the text already names the button.
function createIcon(doc: Document): SVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');

  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', ICON_PATH);
  svg.append(path);
  return svg;
}

const NOTICE_MS = 6_000;

/** Shows `text` above the button for a few seconds, and reads it out. */
function tell(notice: HTMLElement, text: string): void {
  notice.textContent = text;
  clearTimeout(Number(notice.dataset.timer));
  if (text) notice.dataset.timer = String(setTimeout(() => tell(notice, ''), NOTICE_MS));
}

/**
 * Where focus goes when the dialog closes: the button that opened it, or,
 * when the page opened it from its own control, that control.
 */
function focusToReturnTo(
  doc: Document,
  host: HTMLElement,
  button: HTMLButtonElement,
  launcherShown: boolean,
): HTMLElement | undefined {
  const active = doc.activeElement;
  const fromPage = active instanceof HTMLElement && active !== host && active !== doc.body;
  if (fromPage) return active;
  return launcherShown ? button : undefined;
}

/**
 * Puts the host back when the page swaps out `<body>` or its children, as
 * Turbo, pjax and `body.innerHTML = …` do; the widget would otherwise vanish
 * and `open()` would show nothing. Only direct children are watched, so the
 * page's own rendering below them costs nothing.
 */
function keepAttached(doc: Document, host: HTMLElement, logger: HypercareLogger): () => void {
  const Observer = doc.defaultView?.MutationObserver;
  if (!Observer) return () => {};

  const observer = new Observer(
    guard(logger, 'keep the feedback button on the page', () => {
      if (host.isConnected || !doc.body) return;

      doc.body.append(host);
      observe();
      logger.debug('Put the feedback button back after the page replaced its body');
    }),
  );

  function observe(): void {
    observer.disconnect();
    observer.observe(doc.documentElement, { childList: true });
    if (doc.body) observer.observe(doc.body, { childList: true });
  }

  observe();
  return () => observer.disconnect();
}

// An async script may run before <body> is parsed.
function whenBodyReady(doc: Document, run: () => void): () => void {
  if (doc.body) {
    run();
    return () => {};
  }

  doc.addEventListener('DOMContentLoaded', run, { once: true });
  return () => doc.removeEventListener('DOMContentLoaded', run);
}
