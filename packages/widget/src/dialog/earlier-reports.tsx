/**
 * A line at the top of the dialog about reports sent earlier from this
 * device that the relay does not have yet, so a user who reported while
 * offline, or whose report the relay refused in the background, is told.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { describeError, type HypercareLogger } from '../logger.js';
import { format, type Messages } from '../messages.js';
import type { OutboxSummary } from '../outbox/outbox.js';

export interface EarlierReportsProps {
  /** Reads the outbox; undefined when nothing waits. */
  load(): Promise<OutboxSummary | undefined>;
  messages: Messages;
  logger?: HypercareLogger;
}

export function EarlierReports(props: EarlierReportsProps): JSX.Element | null {
  const [summary, setSummary] = useState<OutboxSummary>();

  useEffect(() => {
    let live = true;
    props
      .load()
      .then((found) => live && setSummary(found))
      .catch((error) => props.logger?.warn(`Failed to read the outbox: ${describeError(error)}`));
    return () => void (live = false);
  }, []);

  const lines = describeSummary(summary, props.messages);
  if (lines.length === 0) return null;

  return (
    <div class="earlier" data-testid="hypercare-earlier">
      {lines.map((line) => (
        <p key={line} class="hint">
          {line}
        </p>
      ))}
    </div>
  );
}

export function describeSummary(summary: OutboxSummary | undefined, messages: Messages): string[] {
  const lines: string[] = [];
  if (summary?.waiting) lines.push(format(messages.earlierWaiting, { count: String(summary.waiting) }));
  if (summary?.refused) lines.push(format(messages.earlierRefused, { count: String(summary.refused) }));
  return lines;
}
