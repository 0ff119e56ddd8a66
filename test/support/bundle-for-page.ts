/**
 * Bundles a widget module from source for a test page with esbuild, the way
 * rollup resolves it for the real build: workspace packages to their
 * TypeScript sources, browser builds of dependencies.
 */
import { build } from 'esbuild';

export async function bundleForPage(entry: string, globalName?: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    ...(globalName && { globalName }),
    target: 'es2020',
    conditions: ['hypercare-source', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
