import { describe, expect, it } from 'vitest';

import { parseReport, SCHEMA_VERSION } from './schema.js';

function validReport(): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    category: 'bug',
    description: '  The save button does nothing.  ',
    email: 'ada@example.com',
    context: {
      url: 'https://app.example.com/settings',
      userAgent: 'Mozilla/5.0',
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 2,
      language: 'en-GB',
      timeZone: 'Europe/London',
      time: '2026-12-04T10:00:00.000Z',
    },
  };
}

describe('parseReport', () => {
  it('accepts a complete report and trims its text', () => {
    const result = parseReport(validReport());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.description).toBe('The save button does nothing.');
  });

  it('names a missing nested field by its dotted path', () => {
    const input = validReport();
    delete (input.context as Record<string, unknown>).url;
    expect(parseReport(input)).toEqual({
      ok: false,
      issues: [{ field: 'context.url', message: 'is required' }],
    });
  });

  it('rejects a category outside the taxonomy', () => {
    const result = parseReport({ ...validReport(), category: 'complaint' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.field).toBe('category');
      expect(result.issues[0]?.message).toMatch(/must be one of bug, enhancement/);
    }
  });

  it('rejects a description of only white space', () => {
    const result = parseReport({ ...validReport(), description: ' \n ' });
    expect(result).toEqual({
      ok: false,
      issues: [{ field: 'description', message: 'must not be empty' }],
    });
  });

  it('rejects a malformed email and a relative URL together', () => {
    const input = validReport();
    input.email = 'not-an-address';
    (input.context as Record<string, unknown>).url = '/settings';
    const result = parseReport(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((issue) => issue.field).sort()).toEqual(['context.url', 'email']);
    }
  });

  it('rejects a report of another schema version', () => {
    const result = parseReport({ ...validReport(), schemaVersion: 2 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe('schemaVersion');
  });

  it('drops fields it does not know', () => {
    const result = parseReport({ ...validReport(), extra: 'x' });
    expect(result.ok && 'extra' in result.report).toBe(false);
  });
});
