/**
 * The shape of a Hypercare feedback report: its schema and validator, the
 * category and severity taxonomy, size limits and reference numbers. The
 * widget, the relay and every adapter import these, so they agree.
 */
export * from './limits.js';
export * from './reference.js';
export * from './schema.js';
export * from './taxonomy.js';
export type * from './adapter.js';
