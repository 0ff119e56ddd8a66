import { describe, expect, it } from 'vitest';

import { createJsonLogger } from './logger.js';

function capture(level?: 'debug' | 'info' | 'warn' | 'error') {
  const lines: string[] = [];
  const logger = createJsonLogger({
    write: (line) => lines.push(line),
    now: () => new Date('2026-12-04T10:00:00.000Z'),
    ...(level && { level }),
  });
  return { logger, lines };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per line', () => {
    const { logger, lines } = capture();

    logger.info('report stored', { reference: 'HC-7F3K2Q' });

    expect(lines).toEqual([
      '{"level":"info","time":"2026-12-04T10:00:00.000Z","msg":"report stored","reference":"HC-7F3K2Q"}\n',
    ]);
  });

  it('drops lines below its level', () => {
    const { logger, lines } = capture('warn');

    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');

    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['c', 'd']);
  });

  it('keeps the name, message and cause of errors', () => {
    const { logger, lines } = capture();
    const error = new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });

    logger.error('delivery failed', { error });

    expect(JSON.parse(lines[0]!).error).toEqual({
      name: 'TypeError',
      message: 'fetch failed',
      cause: 'ECONNREFUSED',
    });
  });
});
