/**
 * The outbox test page's script: the widget's outbox, bundled from source,
 * started as the widget starts it, and exposed as `window.hypercareOutbox`
 * so a test can make many reports without going through the dialog each time.
 */
import { getOutbox } from '../../packages/widget/src/outbox/outbox.js';

/** What the outbox and the page said, newest last, for a failing test to show. */
const log: string[] = [];
const note = (line: string) => void log.push(`${Date.now() % 100_000} ${line}`);
const record = (level: string) => (message: string) => note(`${level} ${message}`);

const outbox = getOutbox({
  relay: location.origin,
  logger: { debug: record('debug'), warn: record('warn'), error: record('error') },
  // Short waits keep the suite fast; the policy itself is unit-tested.
  backoff: { baseMs: 100, maxMs: 1_000 },
});
outbox.start();
for (const name of ['online', 'offline']) addEventListener(name, () => note(`event ${name}`));

function report(description: string) {
  return {
    schemaVersion: 1 as const,
    category: 'bug' as const,
    description,
    context: {
      url: location.href,
      userAgent: navigator.userAgent,
      viewport: { width: innerWidth, height: innerHeight },
      devicePixelRatio,
      language: navigator.language,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      time: new Date().toISOString(),
    },
  };
}

Object.assign(window, {
  hypercareOutbox: {
    submit: async (description: string) => {
      const receipt = await outbox.submit(report(description));
      note(`submitted ${description}: ${receipt.delivery}`);
      return { reference: receipt.reference, delivery: receipt.delivery };
    },
    pending: async () => (await outbox.pending()).map((entry) => entry.report.description),
    log: async () => {
      const [head] = await outbox.pending();
      const now = Date.now();
      const due = head && {
        attempts: head.attempts,
        retryIn: (head.retryAt ?? now) - now,
        notBeforeIn: (head.notBefore ?? now) - now,
      };
      return [...log.slice(-15), `first waiting: ${JSON.stringify(due)}`];
    },
  },
});
