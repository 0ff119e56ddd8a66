#!/usr/bin/env node
// Measures the relay's report intake against a baseline taken in the same
// run on the same server: GET /healthz, which does no work. The ratio says
// what storing a report costs over a bare request, whatever the machine.
//
//   npm run build && npm run bench
//   BENCH_REQUESTS=2000 BENCH_CONCURRENCY=16 npm run bench
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

import { createNodeRelay, loadConfig, serveRelay, silentLogger } from '@hypercare/relay/node';

const REQUESTS = Number(process.env.BENCH_REQUESTS || 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const SCREENSHOT = makePng(1280, 720);

const REPORT = JSON.stringify({
  schemaVersion: 1,
  category: 'bug',
  description: 'The export button spins for ever on the billing page.',
  context: {
    url: 'https://app.example.com/billing',
    userAgent: 'Mozilla/5.0 (bench)',
    viewport: { width: 1280, height: 720 },
    devicePixelRatio: 1,
    language: 'en',
    timeZone: 'UTC',
    time: new Date().toISOString(),
  },
});

const dataDir = mkdtempSync(join(tmpdir(), 'hypercare-bench-'));
const config = loadConfig({ PORT: '0', HYPERCARE_DATA_DIR: dataDir });
const relay = await createNodeRelay(config, { logger: silentLogger });
const server = await serveRelay(relay, { port: 0, hostname: '127.0.0.1' });

try {
  await run('warm-up', () => fetch(`${server.url}/healthz`), 100);
  const baseline = await run('GET /healthz', () => fetch(`${server.url}/healthz`));
  const intake = await run('POST /v1/reports', postReport);
  const intakeNoImage = await run('POST /v1/reports (no image)', postReportWithoutImage);

  console.log(`\n${REQUESTS} requests each, ${CONCURRENCY} at a time, screenshot ${SCREENSHOT.length} bytes`);
  for (const result of [baseline, intake, intakeNoImage]) {
    const ratio = result.perSecond / baseline.perSecond;
    console.log(
      `${result.name.padEnd(30)} ${result.perSecond.toFixed(0).padStart(6)}/s  ` +
        `p50 ${result.p50.toFixed(1)} ms  p95 ${result.p95.toFixed(1)} ms  ` +
        `${ratio.toFixed(2)}× baseline`,
    );
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}

async function postReport() {
  const form = new FormData();
  form.set('report', REPORT);
  form.set('screenshot', new Blob([SCREENSHOT], { type: 'image/png' }), 'screenshot.png');
  return expectCreated(await fetch(`${server.url}/v1/reports`, { method: 'POST', body: form }));
}

async function postReportWithoutImage() {
  const form = new FormData();
  form.set('report', REPORT);
  return expectCreated(await fetch(`${server.url}/v1/reports`, { method: 'POST', body: form }));
}

async function expectCreated(response) {
  if (response.status !== 201) throw new Error(`Failed to benchmark intake: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  return response;
}

async function run(name, request, count = REQUESTS) {
  const latencies = [];
  let next = 0;
  const started = performance.now();

  async function worker() {
    while (next < count) {
      next += 1;
      const start = performance.now();
      const response = await request();
      if (!response.ok) throw new Error(`Failed to benchmark ${name}: ${response.status}`);
      await response.arrayBuffer().catch(() => undefined);
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    perSecond: count / seconds,
    p50: latencies[Math.floor(latencies.length * 0.5)],
    p95: latencies[Math.floor(latencies.length * 0.95)],
  };
}

/** A real PNG of noisy pixels, so its size is near a real screenshot's. */
function makePng(width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let seed = 7;
  for (let i = 0; i < raw.length; i++) {
    if (i % (width * 3 + 1) === 0) continue;
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (i % 97 < 60 ? 240 : seed >> 16) & 0xff;
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}
