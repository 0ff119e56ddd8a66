import { createLauncher, type LauncherContext } from './launcher/launcher.js';
import { createLogger, guard, logFailure, type HypercareLogger } from './logger.js';
import { resolveOptions, type HypercareOptions } from './options.js';
import { watchOutbox } from './outbox/pending-hint.js';

/** A started widget. Every method is safe to call at any time, and never throws. */
export interface Hypercare {
  /** Opens the feedback dialog, as the button does. */
  open(): void;
  /** Closes the dialog, keeping what was typed out of the page. */
  close(): void;
  /** Removes the button and dialog from the page. */
  destroy(): void;
}

/** What starting needs beyond the options; tests swap the dialog's loader. */
export type StartContext = Pick<LauncherContext, 'loadDialog'>;

const INERT: Hypercare = {
  open() {},
  close() {},
  destroy() {},
};

/**
 * Adds the "Send feedback" button to the page and returns a handle to it.
 * It never throws: bad options are reported through the logger, and the
 * handle then does nothing.
 *
 * @example
 * import { createHypercare } from '@hypercare/widget';
 *
 * const hypercare = createHypercare({ relay: 'https://relay.example.com' });
 * helpMenuItem.addEventListener('click', () => hypercare.open());
 */
export function createHypercare(options: HypercareOptions): Hypercare {
  return startHypercare(options) ?? INERT;
}

/** Like `createHypercare`, but returns nothing when the widget could not start. */
export function startHypercare(
  options: unknown,
  context: StartContext = {},
): Hypercare | undefined {
  const logger = createLogger((options ?? {}) as object);

  try {
    return start(options, logger, context);
  } catch (error) {
    logFailure(logger, 'start Hypercare', error);
    return undefined;
  }
}

function start(options: unknown, logger: HypercareLogger, context: StartContext) {
  if (typeof document === 'undefined') {
    logger.error('Failed to start Hypercare: there is no document; start it in the browser');
    return undefined;
  }

  const result = resolveOptions(options, logger, document.baseURI);
  if (!result.ok) {
    logger.error(`Failed to start Hypercare: ${result.reason}`);
    return undefined;
  }

  const launcher = createLauncher(result.options, { ...context, logger });
  const stopOutbox = watchOutbox({ ...result.options, logger });
  logger.debug('Started', result.options);

  return {
    open: guard(logger, 'open the feedback dialog', launcher.open),
    close: guard(logger, 'close the feedback dialog', launcher.close),
    destroy: guard(logger, 'remove Hypercare', () => {
      stopOutbox();
      launcher.destroy();
    }),
  };
}
