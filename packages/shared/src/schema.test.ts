import { describe, expect, it } from 'vitest';

import { MAX_UNRENDERED, parseReport, SCHEMA_VERSION } from './schema.js';

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

  it('keeps what a screenshot could not draw, as the capture reports it', () => {
    const screenshot = {
      status: 'captured',
      source: 'page',
      format: 'image/webp',
      bytes: 48_213,
      width: 2560,
      height: 1440,
      scale: 2,
      masked: 3,
      approximated: 41,
      unrendered: [
        { kind: 'image', source: 'https://cdn.example.com/logo.png', reason: 'no CORS headers' },
        { kind: 'frame', source: 'https://maps.example.com/embed', reason: 'another origin' },
      ],
    };

    const result = parseReport({ ...validReport(), diagnostics: { screenshot } });

    expect(result.ok && result.report.diagnostics?.screenshot).toEqual(screenshot);
  });

  it('refuses a screenshot diagnostic listing more than MAX_UNRENDERED items', () => {
    const unrendered = Array.from({ length: MAX_UNRENDERED + 1 }, (_, i) => ({
      kind: 'image',
      source: `https://cdn.example.com/${i}.png`,
    }));

    const result = parseReport({
      ...validReport(),
      diagnostics: { screenshot: { status: 'captured', unrendered } },
    });

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe('diagnostics.screenshot.unrendered');
  });
});
