#!/usr/bin/env node
/**
 * Checks the built widget against its size budgets. Files are grouped by when
 * a browser loads them, read from the import graph rollup records in
 * packages/widget/dist/build-manifest.json:
 * - initial: the script tag's loader and everything embed.js imports;
 * - index: everything the bundler entry imports;
 * - one group per lazily imported chunk, such as dialog and html2canvas,
 *   holding what it imports that is not loaded already.
 * Each file counts at its gzip size (level 9). Budgets live in
 * packages/widget/size-budgets.json; exits 1 when any group is over budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const WIDGET = 'packages/widget';
const DIST = join(WIDGET, 'dist');
const MANIFEST_FILE = join(DIST, 'build-manifest.json');
const BUDGETS_FILE = join(WIDGET, 'size-budgets.json');
const GZIP_LEVEL = 9;

main();

function main() {
  const manifest = readManifest();
  const budgets = JSON.parse(readFileSync(BUDGETS_FILE, 'utf8'));
  const groups = findGroups(manifest);

  const rows = groups.map((group) => measure(group, budgets[group.name]));
  printTable(rows);

  const problems = findProblems(rows, budgets, manifest, groups);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`Failed to stay within size budgets: ${problem}`);
    process.exit(1);
  }
}

function readManifest() {
  if (!existsSync(MANIFEST_FILE)) {
    fail(`${MANIFEST_FILE} is missing; build the widget first (npm run build, or npx rollup -c)`);
  }

  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8'));
  for (const file of [manifest.loader.file, ...Object.keys(manifest.chunks)]) {
    if (!existsSync(join(DIST, file))) fail(`${join(DIST, file)} is missing; rebuild the widget`);
  }
  return manifest;
}

/** Splits the chunks into groups by when they load; see the file's comment. */
function findGroups(manifest) {
  const { chunks, loader } = manifest;
  const entry = (name) =>
    Object.keys(chunks).find((file) => chunks[file].isEntry && chunks[file].name === name);

  const initial = [loader.file, ...closure(chunks, loader.loads)];
  const groups = [{ name: 'initial', files: initial }];

  const index = entry('index');
  if (index) groups.push({ name: 'index', files: closure(chunks, index) });

  const loaded = new Set(initial);
  const pending = dynamicImportsOf(chunks, initial);
  while (pending.length > 0) {
    const start = pending.shift();
    if (loaded.has(start)) continue;

    const files = closure(chunks, start).filter((file) => !loaded.has(file));
    for (const file of files) loaded.add(file);
    groups.push({ name: chunks[start].name, files });
    pending.push(...dynamicImportsOf(chunks, files));
  }
  return groups;
}

/** `start` and every chunk it imports statically, directly or not. */
function closure(chunks, start) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;

    seen.add(file);
    for (const imported of chunks[file]?.imports ?? []) visit(imported);
  };
  visit(start);
  return [...seen];
}

function dynamicImportsOf(chunks, files) {
  return files.flatMap((file) => chunks[file]?.dynamicImports ?? []);
}

function measure(group, budget) {
  const gzipBytes = group.files
    .map((file) => gzipSync(readFileSync(join(DIST, file)), { level: GZIP_LEVEL }).length)
    .reduce((sum, bytes) => sum + bytes, 0);

  return { ...group, gzipBytes, budget: budget?.gzipBytes };
}

function findProblems(rows, budgets, manifest, groups) {
  const problems = [];
  for (const row of rows) {
    if (row.budget === undefined) {
      problems.push(`group "${row.name}" has no budget in ${BUDGETS_FILE}`);
    } else if (row.gzipBytes > row.budget) {
      const over = `${row.gzipBytes} bytes gzipped, over its budget of ${row.budget}`;
      problems.push(`${row.name} is ${over}`);
    }
  }

  const grouped = new Set(groups.flatMap((group) => group.files));
  for (const file of Object.keys(manifest.chunks)) {
    if (!grouped.has(file)) problems.push(`${file} belongs to no group, so nothing measures it`);
  }

  for (const name of Object.keys(budgets)) {
    if (rows.some((row) => row.name === name)) continue;

    problems.push(`budget "${name}" matches no built group`);
  }
  return problems;
}

function printTable(rows) {
  const lines = [['group', 'gzipped', 'budget', 'used', 'files']];
  for (const row of rows) {
    lines.push([
      row.name,
      formatBytes(row.gzipBytes),
      row.budget === undefined ? '-' : formatBytes(row.budget),
      row.budget === undefined ? '-' : `${(row.gzipBytes / row.budget).toFixed(2)} of budget`,
      row.files.join(', '),
    ]);
  }

  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  for (const line of lines) {
    console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  }
}

function formatBytes(bytes) {
  return `${bytes.toLocaleString('en-US')} B`;
}

function fail(message) {
  console.error(`Failed to measure the widget: ${message}`);
  process.exit(1);
}
