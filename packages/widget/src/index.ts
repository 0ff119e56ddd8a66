/**
 * The Hypercare widget for apps built with a bundler: `createHypercare` adds
 * a "Send feedback" button whose dialog sends reports, with a screenshot, to
 * your Hypercare relay. Pages without a bundler use the script tag instead
 * (`dist/hypercare.js`), which loads the same code.
 */
export { createHypercare, type Hypercare } from './create-hypercare.js';
export type { HypercareLogger } from './logger.js';
export type { MessageOverrides, Messages } from './messages.js';
export type { HypercareOptions, LauncherPosition } from './options.js';
