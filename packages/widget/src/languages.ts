/**
 * The languages the widget speaks, and the one word the launcher needs, kept
 * apart from the dialog's words so every page load carries only this much.
 */

export const DEFAULT_LANGUAGE = 'en';

/** The floating button's name in each language, by primary language subtag. */
export const LAUNCHER_WORDS: Record<string, string> = { en: 'Send feedback' };

/** What the launcher says when the dialog cannot be fetched, by language. */
const OPEN_FAILED: Record<string, string> = {
  en: 'Could not open the feedback form. Check your connection and try again.',
};

/** Whether the widget has its own words for `lang`, such as `en-GB`. */
export function hasTranslation(lang: string): boolean {
  return Object.prototype.hasOwnProperty.call(LAUNCHER_WORDS, toPrimaryTag(lang));
}

/** The launcher's name: the product team's word, else the language's own. */
export function launcherWord(lang: string, override: unknown): string {
  if (typeof override === 'string') return override;
  return LAUNCHER_WORDS[toPrimaryTag(lang)] ?? LAUNCHER_WORDS[DEFAULT_LANGUAGE]!;
}

/** The launcher's other words, in `lang` or else English. */
export function launcherWords(lang: string): { openFailed: string } {
  const tag = toPrimaryTag(lang);
  return { openFailed: OPEN_FAILED[tag] ?? OPEN_FAILED[DEFAULT_LANGUAGE]! };
}

export function toPrimaryTag(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}
