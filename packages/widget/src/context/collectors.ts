/**
 * Each collector reads one aspect of where the report was written and
 * returns its part of the report's context. Later collectors (console
 * errors, failed requests, steps) plug in beside these.
 */
import {
  MAX_SHORT_TEXT_LENGTH,
  MAX_URL_LENGTH,
  type ReportInput,
} from '@hypercare/shared';

export type ReportContextInput = ReportInput['context'];

/** Reads part of the context from a window; may throw, and is then skipped. */
export type ContextCollector = (win: Window) => Partial<ReportContextInput>;

// The schema's bounds (packages/shared/src/schema.ts).
const MAX_LANGUAGE_LENGTH = 64;
const MAX_LANGUAGES = 32;
const MAX_DIMENSION = 100_000;
const MIN_PIXEL_RATIO = 0.1;
const MAX_PIXEL_RATIO = 16;

export const collectPage: ContextCollector = (win) => {
  const doc = win.document;

  return {
    url: clip(win.location.href, MAX_URL_LENGTH),
    title: clip(doc.title, MAX_SHORT_TEXT_LENGTH) || undefined,
    referrer: clip(doc.referrer, MAX_URL_LENGTH) || undefined,
  };
};

export const collectDisplay: ContextCollector = (win) => ({
  viewport: toSize(win.innerWidth, win.innerHeight),
  screen: win.screen ? toSize(win.screen.width, win.screen.height) : undefined,
  devicePixelRatio: clamp(win.devicePixelRatio || 1, MIN_PIXEL_RATIO, MAX_PIXEL_RATIO),
});

export const collectBrowser: ContextCollector = (win) => ({
  userAgent: clip(win.navigator.userAgent, MAX_SHORT_TEXT_LENGTH),
  language: clip(win.navigator.language || 'und', MAX_LANGUAGE_LENGTH),
  languages: toLanguages(win.navigator.languages),
});

export const collectTime: ContextCollector = () => {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'unknown';

  return { timeZone: clip(timeZone, MAX_LANGUAGE_LENGTH), time: new Date().toISOString() };
};

export const DEFAULT_COLLECTORS: readonly ContextCollector[] = [
  collectPage,
  collectDisplay,
  collectBrowser,
  collectTime,
];

function toLanguages(languages: readonly string[] | undefined): string[] | undefined {
  if (!languages?.length) return undefined;

  return languages.slice(0, MAX_LANGUAGES).map((language) => clip(language, MAX_LANGUAGE_LENGTH));
}

function toSize(width: number, height: number) {
  return { width: toDimension(width), height: toDimension(height) };
}

function toDimension(value: number): number {
  return clamp(Math.round(value) || 0, 0, MAX_DIMENSION);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function clip(text: string | undefined, max: number): string {
  return (text ?? '').slice(0, max);
}
