/**
 * Builds the browser widget (packages/widget/dist):
 * - esm/: the bundler entry `index.js` and the script tag's `embed.js`, split
 *   into readable chunks: `launcher.js` (all a page needs before the dialog
 *   opens), `dialog.js` (Preact, the dialog, capture, context, transport),
 *   `editor.js` (the screenshot markup editor) and `capture.js` (html2canvas
 *   and the page renderer), each loaded only when needed;
 * - hypercare.js: the script tag's loader, a small IIFE that imports
 *   esm/embed.js from beside itself;
 * - build-manifest.json: which chunk imports which, for scripts/size.js;
 * - types/: declarations for the bundler entry.
 * The relay and adapters are built by `tsc -b`, not here.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const WIDGET = 'packages/widget';
const DIST = `${WIDGET}/dist`;
const ESM_DIR = `${DIST}/esm`;
const LOADER_FILE = `${DIST}/hypercare.js`;
const MANIFEST_FILE = `${DIST}/build-manifest.json`;

// Workspace packages resolve to their TypeScript sources, as in vitest.
const SOURCE_CONDITION = 'hypercare-source';

// The browsers the widget supports: those with native dynamic import,
// optional chaining and `??` (Chrome 80, Firefox 74, Safari 13.1).
const TARGET = 'es2020';

/** Which chunk a module belongs to; everything before the dialog is `launcher`. */
const CHUNKS = [
  { name: 'capture', pattern: /[\\/]node_modules[\\/]html2canvas[\\/]/ },
  { name: 'capture', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/]capture[\\/]page[\\/]/ },
  // The markup editor loads only when a user chooses "Mark up".
  { name: 'editor', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/]editor[\\/]/ },
  // The outbox loads when a report is sent, or at start when reports wait,
  // so it holds all it needs to send one; its hint stays with the launcher.
  { name: 'launcher', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/]outbox[\\/]pending-hint\.ts$/ },
  { name: 'outbox', pattern: /[\\/]node_modules[\\/]idb-keyval[\\/]/ },
  { name: 'outbox', pattern: /[\\/]packages[\\/]shared[\\/]src[\\/]reference\.ts$/ },
  { name: 'outbox', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/](outbox|transport)[\\/]/ },
  { name: 'dialog', pattern: /[\\/]node_modules[\\/]preact[\\/]/ },
  { name: 'dialog', pattern: /[\\/]packages[\\/]shared[\\/]/ },
  {
    name: 'dialog',
    pattern: /[\\/]packages[\\/]widget[\\/]src[\\/](dialog|report|capture|context)[\\/]/,
  },
  // The dialog's words; the launcher carries only its own (languages.ts).
  { name: 'dialog', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/]messages\.ts$/ },
  { name: 'launcher', pattern: /[\\/]packages[\\/]widget[\\/]src[\\/]/ },
];

const ENTRIES = {
  index: `${WIDGET}/src/index.ts`,
  embed: `${WIDGET}/src/embed.ts`,
};

export default [
  {
    input: ENTRIES,
    output: {
      dir: ESM_DIR,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: '[name].js',
      manualChunks: pickChunk,
      sourcemap: true,
      plugins: [minify({ module: true })],
    },
    plugins: [cleanDist(), ...compile(), writeManifest(), emitDeclarations()],
  },
  {
    input: `${WIDGET}/src/loader.ts`,
    output: {
      file: LOADER_FILE,
      format: 'iife',
      sourcemap: true,
      plugins: [minify({ module: false })],
    },
    plugins: compile(),
  },
];

function compile() {
  return [
    // html2canvas's "browser" field points at its UMD build; "module" is its ESM one.
    nodeResolve({
      exportConditions: [SOURCE_CONDITION, 'browser'],
      mainFields: ['module', 'main'],
    }),
    esbuild({ target: TARGET, tsconfig: `${WIDGET}/tsconfig.json` }),
  ];
}

function minify({ module }) {
  // Licence banners (/*! ... */) stay, as html2canvas's MIT licence asks.
  return terser({ ecma: 2020, module, compress: { passes: 2 } });
}

function pickChunk(id) {
  if (Object.values(ENTRIES).some((entry) => id.endsWith(entry))) return undefined;

  return CHUNKS.find((chunk) => chunk.pattern.test(id))?.name;
}

/** Removes the previous build, so no stale chunk ships or gets measured. */
function cleanDist() {
  return {
    name: 'hypercare-clean-dist',
    async buildStart() {
      await rm(DIST, { recursive: true, force: true });
    },
  };
}

/** Writes which chunk imports which; scripts/size.js groups files by it. */
function writeManifest() {
  return {
    name: 'hypercare-manifest',
    async writeBundle(options, bundle) {
      const base = path.relative(DIST, options.dir);
      const chunks = {};
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;

        chunks[toPosix(path.join(base, output.fileName))] = {
          name: output.name,
          isEntry: output.isEntry,
          isDynamicEntry: output.isDynamicEntry,
          imports: output.imports.map((file) => toPosix(path.join(base, file))),
          dynamicImports: output.dynamicImports.map((file) => toPosix(path.join(base, file))),
        };
      }

      const manifest = {
        loader: { file: path.relative(DIST, LOADER_FILE), loads: `${base}/embed.js` },
        chunks,
      };
      await writeFile(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
    },
  };
}

/**
 * Emits `dist/types` for the bundler entry with the TypeScript API, so the
 * build needs no second command. It reads @hypercare/shared's own declarations,
 * which `tsc -b` writes before rollup runs in `npm run build`.
 */
function emitDeclarations() {
  return {
    name: 'hypercare-declarations',
    async writeBundle() {
      const ts = (await import('typescript')).default;
      const config = ts.getParsedCommandLineOfConfigFile(`${WIDGET}/tsconfig.build.json`, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => this.error(format(ts, [diagnostic])),
      });

      await mkdir(`${DIST}/types`, { recursive: true });
      const program = ts.createProgram(config.fileNames, config.options);
      const result = program.emit(undefined, undefined, undefined, true);

      const problems = [...config.errors, ...result.diagnostics];
      if (problems.length > 0) {
        this.error(`Failed to write the widget's type declarations:\n${format(ts, problems)}`);
      }
    },
  };
}

function format(ts, diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (file) => file,
    getCurrentDirectory: () => process.cwd(),
    getNewLine: () => '\n',
  });
}

function toPosix(file) {
  return file.split(path.sep).join('/');
}
