import type { HypercareLogger } from './logger.js';
import { DEFAULT_LANGUAGE, hasTranslation } from './languages.js';
import type { MessageOverrides } from './messages.js';
import type { OutboxOptions } from './outbox/outbox.js';

/** Which bottom corner of the page the button sits in. */
export type LauncherPosition = 'bottom-right' | 'bottom-left';

/** How the widget is set up, whether by `createHypercare` or by the script tag. */
export interface HypercareOptions {
  /** Base URL of your Hypercare relay, such as `https://relay.example.com`. Required. */
  relay: string;
  /** Offers to attach a screenshot of the page to each report. Default: `true`. */
  screenshot?: boolean;
  /** The corner the button sits in. Default: `'bottom-right'`. */
  position?: LauncherPosition;
  /**
   * Shows the floating button; `false` for pages that open the dialog from
   * their own control with `open()`. Default: `true`.
   */
  launcher?: boolean;
  /** Language of the widget's words, such as `en` or `en-GB`. Default: `'en'`. */
  lang?: string;
  /** Replaces some of the widget's words. Default: none. */
  messages?: MessageOverrides;
  /** Logs what the widget does, to the console unless `logger` is given. Default: `false`. */
  debug?: boolean;
  /** Receives the widget's warnings and errors. Default: none, so the widget is silent. */
  logger?: HypercareLogger;
  /** Stacking order of the button and dialog above the page. Default: `2147483000`. */
  zIndex?: number;
  /**
   * CSS selectors of elements blacked out in screenshots, besides elements
   * with `data-hypercare-mask` and password fields, which always are. Default: none.
   */
  mask?: string[];
  /** Input types whose values screenshots show as `*`. Default: `['email', 'tel']`. */
  maskInputTypes?: string[];
  /** WebP quality of screenshots, from 0 to 1. Default: `0.9`. */
  screenshotQuality?: number;
  /** Screenshots are made smaller until they fit in this many bytes. Default: 2 MiB. */
  screenshotMaxBytes?: number;
  /** Fetches cross-origin images that lack CORS headers through the relay's image proxy. Default: `false`. */
  imageProxy?: boolean;
  /**
   * Bounds on reports waiting on the device while offline, and what a full
   * outbox drops. Default: 500 reports, 25 MB, 7 days, dropping the oldest.
   */
  outbox?: OutboxOptions;
}

/** Options with every default applied, as the launcher and dialog read them. */
export interface ResolvedOptions {
  /** Absolute relay URL without a trailing slash. */
  relay: string;
  screenshot: boolean;
  position: LauncherPosition;
  /** Absent means shown. */
  launcher?: boolean;
  lang: string;
  /**
   * The product team's words, laid over the language's own by the dialog's
   * chunk, so the full set of words never loads with the launcher.
   */
  messages: MessageOverrides;
  zIndex: number;
  /**
   * The options as given, whose screenshot settings the capture checks when
   * it first runs (capture/capture-settings.ts): that code then stays out of
   * what every page downloads. Absent means the capture's defaults.
   */
  capture?: Readonly<Record<string, unknown>>;
  /** Always set by `resolveOptions`; absent means the outbox's defaults. */
  outbox?: OutboxOptions;
}

export type OptionsResult =
  | { ok: true; options: ResolvedOptions }
  | { ok: false; reason: string };

const POSITIONS: readonly LauncherPosition[] = ['bottom-right', 'bottom-left'];

/** Just below the largest 32-bit z-index, so page overlays built to win still can. */
export const DEFAULT_Z_INDEX = 2_147_483_000;

/**
 * Applies defaults and checks options that may come from untyped script
 * tags. A missing relay stops the start; any other bad value is logged and
 * replaced by its default, since a working widget beats a strict one.
 */
export function resolveOptions(
  input: unknown,
  logger: HypercareLogger,
  baseUrl: string,
): OptionsResult {
  if (typeof input !== 'object' || input === null) {
    return { ok: false, reason: 'options must be an object with a relay URL' };
  }

  // Own properties only: what a page added to Object.prototype is no option.
  const options = Object.assign(Object.create(null), input) as Record<string, unknown>;
  const relay = toRelayUrl(options.relay, baseUrl);
  if (typeof relay !== 'string') return relay;

  const lang = pickLanguage(options.lang, logger);

  return {
    ok: true,
    options: {
      relay,
      screenshot: pick(options, 'screenshot', isBoolean, true, logger),
      position: pick(options, 'position', isPosition, 'bottom-right', logger),
      launcher: pick(options, 'launcher', isBoolean, true, logger),
      lang,
      messages: pickOverrides(options.messages, logger),
      zIndex: pick(options, 'zIndex', Number.isInteger, DEFAULT_Z_INDEX, logger),
      capture: options,
      outbox: pick(options, 'outbox', isObject, {}, logger),
    },
  };
}

function toRelayUrl(value: unknown, baseUrl: string): string | { ok: false; reason: string } {
  if (typeof value !== 'string' || value.trim() === '') {
    return { ok: false, reason: 'the relay option is required, such as https://relay.example.com' };
  }

  let url: URL;
  try {
    url = new URL(value.trim(), baseUrl);
  } catch {
    return { ok: false, reason: `the relay "${value}" is not a URL` };
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `the relay "${value}" must be an http or https URL` };
  }

  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}

function pickLanguage(value: unknown, logger: HypercareLogger): string {
  if (value === undefined) return DEFAULT_LANGUAGE;

  if (typeof value === 'string' && hasTranslation(value)) return value;

  logger.warn(`No words for language "${String(value)}" yet; using English`);
  return DEFAULT_LANGUAGE;
}

function pickOverrides(value: unknown, logger: HypercareLogger): MessageOverrides {
  if (value === undefined) return {};

  if (typeof value === 'object' && value !== null) return value as MessageOverrides;

  logger.warn('Ignoring the messages option: it must be an object of strings');
  return {};
}

/** `options[key]` when `isValid` accepts it, else `fallback`, with a warning when set. */
export function pick<T>(
  options: Readonly<Record<string, unknown>>,
  key: string,
  isValid: (value: unknown) => boolean,
  fallback: T,
  logger: HypercareLogger,
): T {
  const value = options[key];
  if (value === undefined) return fallback;

  if (isValid(value)) return value as T;

  logger.warn(`Ignoring ${key} ${JSON.stringify(value)}; using ${JSON.stringify(fallback)}`);
  return fallback;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

export function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

function isPosition(value: unknown): boolean {
  return POSITIONS.includes(value as LauncherPosition);
}
