import type { HypercareGlobal, HypercareWindow } from '../embed.js';
import { createLogger, logFailure } from '../logger.js';
import { readScriptOptions } from '../script-options.js';

/** Where the embed entry lives, relative to the loader's own URL. */
export const EMBED_PATH = 'esm/embed.js';

export interface EmbedModule {
  boot(win: HypercareWindow, dataset: Record<string, string | undefined>): void;
}

/** The part of `document.currentScript` the loader reads. */
export interface LoaderScript {
  src: string;
  dataset: Record<string, string | undefined>;
}

/**
 * Keeps or creates the `window.Hypercare` queue, then loads the embed entry
 * from beside the script and hands it the tag's `data-*` attributes.
 */
export async function installLoader(
  win: HypercareWindow,
  script: LoaderScript | null,
  importModule: (url: string) => Promise<EmbedModule>,
): Promise<void> {
  win.Hypercare ??= createQueueStub();

  // Without currentScript (a module script, or a call from a handler) there
  // is no URL to load from and no attributes to read.
  if (!script?.src) return;

  const dataset = { ...script.dataset };

  try {
    const embed = await importModule(new URL(EMBED_PATH, script.src).href);
    embed.boot(win, dataset);
  } catch (error) {
    logFailure(createLogger(readScriptOptions(dataset)), 'load Hypercare', error);
  }
}

/** The same stub the install snippet defines, for pages that skip the snippet. */
function createQueueStub(): HypercareGlobal {
  const stub: HypercareGlobal = function (...args: unknown[]) {
    (stub.q ??= []).push(args);
  };
  return stub;
}
