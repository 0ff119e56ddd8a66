import { describe, expect, it, vi } from 'vitest';

import type { Hypercare } from './create-hypercare.js';
import { boot, type HypercareGlobal, type HypercareWindow } from './embed.js';
import type { HypercareLogger } from './logger.js';

/** A page whose install snippet queued `calls` before the widget arrived. */
function pageWithQueue(...calls: unknown[][]): HypercareWindow {
  const stub: HypercareGlobal = function (...args: unknown[]) {
    (stub.q ??= []).push(args);
  };
  for (const call of calls) stub(...(call as [string]));
  return { Hypercare: stub };
}

function fakeStart() {
  const events: string[] = [];
  const starts: unknown[] = [];
  const start = vi.fn((options: unknown): Hypercare => {
    starts.push(options);
    events.push('init');
    return {
      open: () => events.push('open'),
      close: () => events.push('close'),
      destroy: () => events.push('destroy'),
    };
  });
  return { start, events, starts };
}

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

describe('boot', () => {
  it('replays queued commands in the order they were queued', () => {
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com' }], ['open'], ['close'], ['open']);
    const { start, events } = fakeStart();

    boot(win, {}, { start });

    expect(events).toEqual(['init', 'open', 'close', 'open']);
  });

  it('replaces the queue with a dispatcher that runs later commands at once', () => {
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com' }]);
    const { start, events } = fakeStart();

    boot(win, {}, { start });
    win.Hypercare!('open');

    expect(win.Hypercare!.loaded).toBe(true);
    expect(win.Hypercare!.q).toBeUndefined();
    expect(events).toEqual(['init', 'open']);
  });

  it('starts from the script tag alone when nothing is queued', () => {
    const win: HypercareWindow = {};
    const { start, starts } = fakeStart();

    boot(win, { relay: 'https://relay.example.com', position: 'bottom-left', screenshot: 'false' }, { start });

    expect(starts).toEqual([
      { relay: 'https://relay.example.com', position: 'bottom-left', screenshot: false },
    ]);
  });

  it("lays a queued init's options over the script tag's", () => {
    const win = pageWithQueue(['init', { lang: 'en-GB', position: 'bottom-right' }]);
    const { start, starts } = fakeStart();

    boot(win, { relay: 'https://relay.example.com', position: 'bottom-left' }, { start });

    expect(starts).toEqual([
      { relay: 'https://relay.example.com', position: 'bottom-right', lang: 'en-GB' },
    ]);
  });

  it('waits for init when the tag has no relay and nothing is queued', () => {
    const win: HypercareWindow = {};
    const { start } = fakeStart();

    boot(win, {}, { start });

    expect(start).not.toHaveBeenCalled();
    expect(win.Hypercare!.loaded).toBe(true);
  });

  it('treats a second init as harmless', () => {
    const logger = fakeLogger();
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com', logger, debug: true }]);
    const { start } = fakeStart();

    boot(win, {}, { start });
    win.Hypercare!('init', { relay: 'https://other.example.com' });

    expect(start).toHaveBeenCalledTimes(1);
    expect(logger.debug).toHaveBeenCalledWith(expect.stringContaining('already started'));
  });

  it('starts again after destroy', () => {
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com' }], ['destroy'], ['init']);
    const { start, events } = fakeStart();

    boot(win, {}, { start });

    expect(events).toEqual(['init', 'destroy', 'init']);
  });

  it('reports unknown commands through the logger and never throws', () => {
    const logger = fakeLogger();
    const win = pageWithQueue(['launch'], ['init', { relay: 'https://relay.example.com', logger }]);
    const { start, events } = fakeStart();

    expect(() => boot(win, {}, { start })).not.toThrow();
    expect(() => win.Hypercare!(42 as unknown as string)).not.toThrow();

    expect(events).toEqual(['init']);
    expect(logger.warn).toHaveBeenCalledWith(
      "[hypercare] Failed to run Hypercare('launch'): use init, open, close, destroy",
    );
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it("reports a command queued before init with the first init's logger", () => {
    const logger = fakeLogger();
    const win = pageWithQueue(['open'], ['init', { relay: 'https://relay.example.com', logger }]);
    const { start, events } = fakeStart();

    boot(win, {}, { start });

    expect(events).toEqual(['init']);
    expect(logger.warn).toHaveBeenCalledWith(
      "[hypercare] Failed to open Hypercare: call Hypercare('init', { relay }) first",
    );
  });

  it('logs, rather than throws, when starting throws', () => {
    const logger = fakeLogger();
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com', logger }]);

    boot(win, {}, {
      start: () => {
        throw new Error('boom');
      },
    });

    expect(logger.error).toHaveBeenCalledWith("[hypercare] Failed to run Hypercare('init'): boom", expect.any(Error));
  });

  it('leaves alone a window.Hypercare the page uses for something else', () => {
    const theirs = { version: '2.1' };
    const win = { Hypercare: theirs } as unknown as HypercareWindow;
    const { start } = fakeStart();

    boot(win, { relay: 'https://relay.example.com' }, { start });

    expect(win.Hypercare).toBe(theirs);
    expect(start).not.toHaveBeenCalled();
  });

  it('hands a second script tag to the running dispatcher as one more init', () => {
    const win = pageWithQueue(['init', { relay: 'https://relay.example.com' }]);
    const { start } = fakeStart();
    boot(win, {}, { start });
    const dispatcher = win.Hypercare;

    boot(win, { relay: 'https://relay.example.com' }, { start });

    expect(win.Hypercare).toBe(dispatcher);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
