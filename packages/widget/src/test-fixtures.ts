/**
 * Shared fakes for the widget's tests: a context, a receipt, a relay error
 * shaped as packages/relay answers them, and cleanup of widgets made.
 */
import type { ReportContextInput } from './context/collectors.js';

export const CONTEXT: ReportContextInput = {
  url: 'https://app.example.com/settings',
  userAgent: 'Mozilla/5.0 (test)',
  viewport: { width: 1280, height: 720 },
  devicePixelRatio: 2,
  language: 'en-GB',
  timeZone: 'Europe/London',
  time: '2026-12-04T10:00:00.000Z',
};

export const RECEIPT = { reference: 'HC-7F3K2Q', receivedAt: '2026-12-04T10:00:01.000Z' };

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A promise with its settle functions outside, to hold a send mid-flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// The widget puts itself back when a page clears <body>, so tests destroy
// what they made before clearing the page.
const madeWidgets: Array<{ destroy(): void }> = [];

/** Remembers a widget for `destroyWidgets`; returns it unchanged. */
export function track<T extends { destroy(): void } | undefined>(widget: T): T {
  if (widget) madeWidgets.push(widget);
  return widget;
}

export function destroyWidgets(): void {
  for (const widget of madeWidgets.splice(0)) widget.destroy();
}
