/**
 * The relay's structured logging: one JSON object per line, so log
 * collectors parse it without rules. Library code logs only through an
 * injected `Logger`; the default is silent.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface JsonLoggerOptions {
  /** Receives each line, newline included, such as `process.stderr.write`. */
  write: (line: string) => void;
  /** Lines below this level are dropped; defaults to `info`. */
  level?: LogLevel;
  /** Defaults to the system clock. */
  now?: () => Date;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/**
 * Creates a logger that writes JSON lines such as
 * `{"level":"info","time":"…","msg":"report stored","reference":"HC-…"}`.
 *
 * @example
 * const logger = createJsonLogger({ write: (l) => process.stderr.write(l) });
 */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const threshold = LEVELS.indexOf(options.level ?? 'info');
  const now = options.now ?? (() => new Date());

  const log = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LEVELS.indexOf(level) < threshold) return;

    const line = { level, time: now().toISOString(), msg, ...toJson(fields) };
    options.write(`${JSON.stringify(line)}\n`);
  };

  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return (LEVELS as readonly string[]).includes(value);
}

/** Errors stringify to `{}`; keep what a reader needs from them. */
function toJson(fields: LogFields | undefined): LogFields {
  if (!fields) return {};

  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? describeError(value) : value;
  }
  return out;
}

function describeError(error: Error): LogFields {
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return { name: error.name, message: error.message, cause };
}
