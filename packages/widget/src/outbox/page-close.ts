/**
 * Hands small waiting reports to the browser as the page goes away, as
 * keepalive requests (or beacons where keepalive is missing) that outlive
 * the page. Their answers are never read, so the stored copies stay until
 * a later flush sends them again and the relay answers with the first
 * receipt; nothing is lost if the browser drops them.
 */
import { describeError, type HypercareLogger } from '../logger.js';
import { REPORTS_PATH, sendReport, toFormData } from '../transport/send-report.js';
import { toReportAttachments, type OutboxEntry } from './outbox-storage.js';

/**
 * The fetch spec caps keepalive bodies in flight at 64 KiB per page (fetch,
 * "HTTP-network-or-cache fetch", step on keepalive); Chromium and sendBeacon
 * enforce it. A little is left for the multipart framing.
 */
export const KEEPALIVE_BUDGET_BYTES = 60 * 1024;

const FRAMING_BYTES = 512;

const handedOver = new Set<string>();

export interface ClosingOptions {
  /** Sends one report. Default: `sendReport`. */
  send?: typeof sendReport;
  /** Hears about reports that did not arrive. Default: none. */
  logger?: HypercareLogger;
}

/** Sends what fits in the keepalive budget, oldest first, once per page. */
export function sendWhileClosing(
  relay: string,
  entries: readonly OutboxEntry[],
  options: ClosingOptions = {},
): number {
  if (typeof navigator === 'object' && navigator.onLine === false) return 0;

  let budget = KEEPALIVE_BUDGET_BYTES;
  let count = 0;
  for (const entry of entries) {
    if (entry.heldReason || handedOver.has(entry.key)) continue;

    // Stop at the first that does not fit, so later reports never overtake it.
    budget -= entry.size + FRAMING_BYTES;
    if (budget < 0) break;

    handedOver.add(entry.key);
    hand(relay, entry, options);
    count += 1;
  }
  return count;
}

function hand(relay: string, entry: OutboxEntry, options: ClosingOptions): void {
  const attachments = toReportAttachments(entry);
  const send = options.send ?? sendReport;

  if (supportsKeepalive()) {
    send(relay, entry.report, attachments, { keepalive: true }).catch((error) =>
      options.logger?.debug(`A report sent while closing did not arrive: ${describeError(error)}`),
    );
    return;
  }

  const url = relay.replace(/\/+$/, '') + REPORTS_PATH;
  navigator.sendBeacon?.(url, toFormData(entry.report, attachments));
}

function supportsKeepalive(): boolean {
  try {
    return 'keepalive' in new Request('data:,');
  } catch {
    return false;
  }
}
