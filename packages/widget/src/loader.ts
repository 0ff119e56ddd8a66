/**
 * `dist/hypercare.js`, the file product teams put in a script tag. It stays
 * tiny and only loads the rest: see `installLoader`.
 */
import type { HypercareWindow } from './embed.js';
import { installLoader, type EmbedModule } from './loader/install-loader.js';

installLoader(
  window as HypercareWindow,
  document.currentScript as HTMLScriptElement | null,
  (url) => import(/* @vite-ignore */ url) as Promise<EmbedModule>,
);
