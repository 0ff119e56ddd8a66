/**
 * The script tag's second stage. `dist/hypercare.js` imports this entry and
 * calls `boot`, which replays the commands the page queued on
 * `window.Hypercare` before the code arrived, in order, and then replaces
 * the queue with a dispatcher that runs later commands at once. Bundled apps
 * use `createHypercare` from the package's main entry instead.
 */
import { startHypercare, type Hypercare } from './create-hypercare.js';
import { createLogger, logFailure, type HypercareLogger } from './logger.js';
import { readScriptOptions } from './script-options.js';

/** The commands `window.Hypercare(command, ...args)` understands. */
export type HypercareCommand = 'init' | 'open' | 'close' | 'destroy';

/** `window.Hypercare`: the queue stub until the widget arrives, then the dispatcher. */
export interface HypercareGlobal {
  (command: string, ...args: unknown[]): void;
  /** Calls made before the widget arrived, oldest first. */
  q?: ArrayLike<unknown>[];
  /** True once the dispatcher has replaced the stub. */
  loaded?: boolean;
}

/** The window `boot` installs the dispatcher on. */
export interface HypercareWindow {
  Hypercare?: HypercareGlobal;
}

export interface BootContext {
  /** Starts one widget; tests pass a fake. Default: `startHypercare`. */
  start?: (options: unknown) => Hypercare | undefined;
}

type Command = unknown[];

const COMMANDS: readonly string[] = ['init', 'open', 'close', 'destroy'];

/**
 * Installs the dispatcher on `win.Hypercare` and replays queued commands.
 * With `data-relay` on the script tag and no queued `init`, it starts the
 * widget from the tag's attributes alone; a queued `init`'s options are laid
 * over the tag's.
 */
export function boot(
  win: HypercareWindow,
  dataset: Record<string, string | undefined> = {},
  context: BootContext = {},
): void {
  const base = readScriptOptions(dataset);

  try {
    replay(win, base, context.start ?? startHypercare);
  } catch (error) {
    logFailure(createLogger(base), 'start Hypercare from the script tag', error);
  }
}

function replay(
  win: HypercareWindow,
  base: Record<string, unknown>,
  start: NonNullable<BootContext['start']>,
): void {
  const current = win.Hypercare;
  if (current !== undefined && typeof current !== 'function') {
    createLogger(base).warn('Failed to start Hypercare: the page uses window.Hypercare itself');
    return;
  }

  if (current?.loaded) {
    // The script tag was added twice; the second one may only add an init.
    if (base.relay !== undefined) current('init', base);
    return;
  }

  const queue = Array.from(current?.q ?? [], (args) => Array.from(args));
  if (base.relay !== undefined && !queue.some(isInit)) queue.unshift(['init']);

  const dispatcher = createDispatcher(base, queue.find(isInit)?.[1], start);
  win.Hypercare = dispatcher;
  for (const args of queue) dispatcher(...(args as [string]));
}

function createDispatcher(
  base: Record<string, unknown>,
  firstInitOptions: unknown,
  start: NonNullable<BootContext['start']>,
): HypercareGlobal {
  // Until init runs, debug comes from the tag and the first queued init, so
  // a bad command queued before init is still reported.
  let logger: HypercareLogger = createLogger({ ...base, ...toObject(firstInitOptions) });
  let instance: Hypercare | undefined;

  function init(options?: unknown): void {
    if (instance) {
      logger.debug('Hypercare is already started; call destroy before init to change options');
      return;
    }

    const merged = { ...base, ...toObject(options) };
    logger = createLogger(merged);
    instance = start(merged);
  }

  function run(command: HypercareCommand, options: unknown): void {
    if (command === 'init') return init(options);

    if (!instance) {
      logger.warn(`Failed to ${command} Hypercare: call Hypercare('init', { relay }) first`);
      return;
    }

    instance[command]();
    if (command === 'destroy') instance = undefined;
  }

  const dispatcher: HypercareGlobal = (command, ...args) => {
    try {
      if (!COMMANDS.includes(command)) {
        logger.warn(`Failed to run Hypercare('${String(command)}'): use ${COMMANDS.join(', ')}`);
        return;
      }

      run(command as HypercareCommand, args[0]);
    } catch (error) {
      logFailure(logger, `run Hypercare('${String(command)}')`, error);
    }
  };
  dispatcher.loaded = true;
  return dispatcher;
}

function isInit(args: Command): boolean {
  return args[0] === 'init';
}

function toObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
