import { afterEach, describe, expect, it, vi } from 'vitest';

import { createLogger, guard, type HypercareLogger } from './logger.js';

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it('is silent by default', () => {
    const spies = ['debug', 'warn', 'error', 'log'].map((level) =>
      vi.spyOn(console, level as 'log').mockImplementation(() => {}),
    );
    const logger = createLogger();

    logger.debug('a');
    logger.warn('b');
    logger.error('c');

    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('writes to the console with a prefix when debug is on', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    createLogger({ debug: true }).warn('Ignoring position', 'x');

    expect(warn).toHaveBeenCalledWith('[hypercare] Ignoring position', 'x');
  });

  it('sends warnings and errors to a given logger, and debug only on request', () => {
    const sink = fakeLogger();

    const quiet = createLogger({ logger: sink });
    quiet.debug('hidden');
    quiet.error('shown');
    createLogger({ logger: sink, debug: true }).debug('shown too');

    expect(sink.debug).toHaveBeenCalledTimes(1);
    expect(sink.debug).toHaveBeenCalledWith('[hypercare] shown too');
    expect(sink.error).toHaveBeenCalledWith('[hypercare] shown');
  });

  it('survives a logger that throws', () => {
    const sink = fakeLogger();
    vi.mocked(sink.error).mockImplementation(() => {
      throw new Error('broken sink');
    });

    expect(() => createLogger({ logger: sink }).error('x')).not.toThrow();
  });
});

describe('guard', () => {
  it('logs what a function throws instead of throwing it', () => {
    const logger = fakeLogger();
    const run = guard(logger, 'open the feedback dialog', () => {
      throw new Error('no body');
    });

    expect(() => run()).not.toThrow();
    expect(logger.error).toHaveBeenCalledWith('Failed to open the feedback dialog: no body', expect.any(Error));
  });

  it('logs what a promise rejects with', async () => {
    const logger = fakeLogger();

    guard(logger, 'open the feedback dialog', () => Promise.reject(new Error('chunk missing')))();
    await Promise.resolve();
    await Promise.resolve();

    expect(logger.error).toHaveBeenCalledWith(
      'Failed to open the feedback dialog: chunk missing',
      expect.any(Error),
    );
  });
});
