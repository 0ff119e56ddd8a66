/**
 * The widget's only way to speak. It stays silent unless the product team
 * asks for `debug` or passes a logger, so a host page's console stays theirs.
 */

/** Where the widget's messages go. Each method takes a message and details. */
export interface HypercareLogger {
  debug(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export interface LoggerOptions {
  /** Also sends debug messages, to the console when no logger is given. Default: `false`. */
  debug?: unknown;
  /** Receives warnings and errors, and debug messages when `debug` is on. Default: none. */
  logger?: unknown;
}

const PREFIX = '[hypercare]';

const SILENT: HypercareLogger = {
  debug: noop,
  warn: noop,
  error: noop,
};

/** Builds the logger that every part of one widget instance writes to. */
export function createLogger(options: LoggerOptions = {}): HypercareLogger {
  const sink = pickSink(options);
  if (sink === SILENT) return SILENT;

  return {
    debug: options.debug === true ? forward(sink, 'debug') : noop,
    warn: forward(sink, 'warn'),
    error: forward(sink, 'error'),
  };
}

/**
 * Wraps `run` so that whatever it throws, or its promise rejects with, is
 * logged as `Failed to <action>: <reason>` instead of reaching the host page.
 */
export function guard<A extends unknown[]>(
  logger: HypercareLogger,
  action: string,
  run: (...args: A) => unknown,
): (...args: A) => void {
  return (...args) => {
    try {
      const result = run(...args);
      if (isPromise(result)) result.catch((error) => logFailure(logger, action, error));
    } catch (error) {
      logFailure(logger, action, error);
    }
  };
}

export function logFailure(logger: HypercareLogger, action: string, error: unknown): void {
  logger.error(`Failed to ${action}: ${describeError(error)}`, error);
}

/** A one-line reason for any thrown value, for `Failed to …: <reason>`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function pickSink(options: LoggerOptions): HypercareLogger {
  if (isLogger(options.logger)) return options.logger;

  // The one place the widget touches the console, and only on request.
  if (options.debug === true) return console;

  return SILENT;
}

function forward(sink: HypercareLogger, level: keyof HypercareLogger) {
  return (message: string, ...details: unknown[]): void => {
    // A logger that throws must not turn a logged problem into a page error.
    try {
      sink[level](`${PREFIX} ${message}`, ...details);
    } catch {
      // Nothing left to report it to.
    }
  };
}

function isLogger(value: unknown): value is HypercareLogger {
  if (typeof value !== 'object' || value === null) return false;

  const candidate = value as Record<string, unknown>;
  return ['debug', 'warn', 'error'].every((level) => typeof candidate[level] === 'function');
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as Promise<unknown> | undefined)?.then === 'function';
}

function noop(): void {}
