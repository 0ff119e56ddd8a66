/**
 * Every word the widget shows, in one place, so a translation is one more
 * object of the same shape. Product teams may replace any of them.
 */
import type { Category } from '@hypercare/shared';

import { LAUNCHER_WORDS, toPrimaryTag } from './languages.js';

export { DEFAULT_LANGUAGE, hasTranslation } from './languages.js';

/** The widget's words. `{reference}` and `{reason}` are filled in when shown. */
export interface Messages {
  launcher: string;
  title: string;
  close: string;
  categoryLabel: string;
  /** End users' words for each category; support teams see the taxonomy's. */
  categories: Record<Category, string>;
  descriptionLabel: string;
  descriptionHint: string;
  descriptionRequired: string;
  emailLabel: string;
  emailHint: string;
  emailInvalid: string;
  screenshotHeading: string;
  screenshotTaking: string;
  screenshotAlt: string;
  screenshotMarkedAlt: string;
  screenshotFailed: string;
  screenshotFileFailed: string;
  screenshotRemoved: string;
  markUp: string;
  removeScreenshot: string;
  screenshotPage: string;
  screenshotScreen: string;
  screenshotFile: string;
  markupFailed: string;
  send: string;
  sending: string;
  sent: string;
  done: string;
  checkFields: string;
  rejected: string;
  tooLarge: string;
  tooMany: string;
  offline: string;
  serverError: string;
  unexpected: string;
  /** The report waits on the device for the network. */
  saved: string;
  /** The report waits on the device while the network is up but the server is not. */
  savedServerDown: string;
  /** The report waits only in this page, as the device would not keep it. */
  savedInMemory: string;
  /** The relay took the report only without its screenshot. */
  screenshotLeftOut: string;
  /** Older waiting reports gave way to this one; `{count}` of them. */
  droppedOlder: string;
  /** Shown as the dialog opens: `{count}` earlier reports still wait to be sent. */
  earlierWaiting: string;
  /** Shown as the dialog opens: `{count}` earlier reports the server refused, kept unsent. */
  earlierRefused: string;
}

/** Replacements for some of the words; category names may be replaced one by one. */
export type MessageOverrides = Partial<Omit<Messages, 'categories'>> & {
  categories?: Partial<Record<Category, string>>;
};

export const ENGLISH: Messages = {
  launcher: LAUNCHER_WORDS.en!,
  title: 'Send feedback',
  close: 'Close',
  categoryLabel: 'What is it about?',
  categories: {
    bug: 'Something is broken',
    enhancement: 'I have an idea',
    usability: 'Something is hard to use',
    performance: 'Something is slow',
    question: 'I have a question',
    data: 'Some data looks wrong',
    security: 'A security or privacy concern',
  },
  descriptionLabel: 'What happened?',
  descriptionHint: 'What did you do, and what did you expect?',
  descriptionRequired: 'Please describe what happened.',
  emailLabel: 'Email (optional)',
  emailHint: 'Only if you would like an answer.',
  emailInvalid: 'Enter an email address such as name@example.com, or leave it empty.',
  screenshotHeading: 'Screenshot',
  screenshotTaking: 'Taking a screenshot…',
  screenshotAlt: 'The screenshot that will be sent',
  screenshotMarkedAlt: 'The screenshot that will be sent, with your markings',
  screenshotFailed: 'Could not take a screenshot. You can still send without one.',
  screenshotFileFailed: 'Could not read that image. Try a PNG, JPEG or WebP file.',
  screenshotRemoved: 'No screenshot will be sent.',
  markUp: 'Mark up',
  removeScreenshot: 'Remove screenshot',
  screenshotPage: 'Screenshot this page',
  screenshotScreen: 'Capture your screen',
  screenshotFile: 'Attach an image',
  markupFailed: 'Could not open the markup tools. The screenshot is unchanged.',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Thanks! Your reference is {reference}',
  done: 'Done',
  checkFields: 'Please check the highlighted fields.',
  rejected: 'The report was not accepted: {reason}',
  tooLarge: 'The report is too large. Try again without the screenshot.',
  tooMany: 'Too many reports were sent just now. Please try again in a minute.',
  offline: 'Could not reach the server. Check your connection and try again.',
  serverError: 'The server had a problem. Please try again in a moment.',
  unexpected: 'Could not send the report. Please try again.',
  saved:
    'Saved on this device; it will be sent when you are back online. Your reference is {reference}',
  savedServerDown:
    'Saved on this device; the server cannot be reached right now, and it will be sent ' +
    'as soon as it can. Your reference is {reference}',
  savedInMemory:
    'Not sent yet, and this browser cannot keep it for later: please keep this page open ' +
    'until you are back online. Your reference is {reference}',
  screenshotLeftOut: 'The screenshot was left out: the report was too large with it.',
  droppedOlder: 'To make room, {count} older unsent report(s) on this device were dropped.',
  earlierWaiting: '{count} earlier report(s) from this device are waiting to be sent.',
  earlierRefused: '{count} earlier report(s) were not accepted by the server and will not be sent.',
};

/** Translations by primary language subtag; only English so far. */
const TRANSLATIONS: Record<string, Messages> = { en: ENGLISH };

/** The words for `lang` with the product team's replacements laid over them. */
export function resolveMessages(lang: string, overrides: MessageOverrides = {}): Messages {
  const base = TRANSLATIONS[toPrimaryTag(lang)] ?? ENGLISH;

  return {
    ...base,
    ...pickStrings(overrides, base),
    categories: { ...base.categories, ...pickStrings(overrides.categories ?? {}, base.categories) },
  };
}

/** Fills `{name}` slots, such as `{reason}`, in a message. */
export function format(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);
}

// Only string replacements for words that exist; anything else is ignored
// rather than shown, since overrides may come from untyped script tags.
function pickStrings<T extends object>(overrides: object, base: T): Partial<T> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (key in base && typeof value === 'string') picked[key] = value;
  }
  return picked as Partial<T>;
}
