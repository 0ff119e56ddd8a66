import type { HypercareLogger } from '../logger.js';
import {
  DEFAULT_COLLECTORS,
  type ContextCollector,
  type ReportContextInput,
} from './collectors.js';

export interface CollectContextOptions {
  /** The window the report is about. Default: the global `window`. */
  window?: Window;
  /** Collectors to run in order; later ones win on shared fields. Default: `DEFAULT_COLLECTORS`. */
  collectors?: readonly ContextCollector[];
  /** Hears about collectors that fail. Default: none. */
  logger?: HypercareLogger;
}

/**
 * Gathers the report's context. A collector that throws is skipped and
 * logged, so one browser quirk costs a field, never the report.
 */
export function collectContext(options: CollectContextOptions = {}): ReportContextInput {
  const win = options.window ?? window;
  const context: Partial<ReportContextInput> = {};

  for (const collect of options.collectors ?? DEFAULT_COLLECTORS) {
    try {
      Object.assign(context, withoutUndefined(collect(win)));
    } catch (error) {
      const name = collect.name || 'a collector';
      options.logger?.warn(`Failed to collect context with ${name}`, error);
    }
  }

  return context as ReportContextInput;
}

// Keeps the report's JSON free of keys the relay would only drop.
function withoutUndefined<T extends object>(part: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(part).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
