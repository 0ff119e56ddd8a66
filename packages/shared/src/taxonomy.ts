/**
 * The words a report is filed under. Widget, relay and adapters all read
 * them from here, so a ticket's labels match what the reporter chose.
 */

/** What kind of problem or wish a report is about. */
export const CATEGORIES = [
  'bug',
  'enhancement',
  'usability',
  'performance',
  'question',
  'data',
  'security',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** How bad it is, from P1 (critical) to P4 (low). */
export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** Names support teams read in tickets; end users see the widget's own words. */
export const CATEGORY_TITLES: Record<Category, string> = {
  bug: 'Bug',
  enhancement: 'Enhancement',
  usability: 'Usability',
  performance: 'Performance',
  question: 'Question',
  data: 'Data problem',
  security: 'Security',
};

export const SEVERITY_TITLES: Record<Severity, string> = {
  P1: 'P1 (critical)',
  P2: 'P2 (high)',
  P3: 'P3 (medium)',
  P4: 'P4 (low)',
};

export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}
