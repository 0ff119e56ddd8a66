/**
 * A loopback proxy in front of the demo server that fails report
 * submissions on purpose, the ways networks and redeploys do: 503 with
 * Retry-After, connections dropped before the relay sees the report, and
 * answers lost after the relay stored it. Everything else passes through.
 * It also serves the outbox test page, which loads the outbox module
 * bundled from source with esbuild, beside the real widget's origin.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

import { bundleForPage } from './bundle-for-page.js';

const PAGE_ENTRY = fileURLToPath(new URL('./outbox-page.ts', import.meta.url));

export const OUTBOX_PAGE = '/outbox-test.html';

const BUNDLE_PATH = '/outbox-test.js';

/** What the proxy does with one report submission. */
export type Fault =
  | 'pass'
  /** Answers 503 with `Retry-After: 1`; the relay never sees it. */
  | 'unavailable'
  /** Closes the connection without an answer; the relay never sees it. */
  | 'drop'
  /** Lets the relay store it, then closes the connection before the answer. */
  | 'lose-answer';

export interface FlakyRelay {
  url: string;
  /** Sets what happens to the next submissions, in order, then `rest` in turn to the others. */
  plan(faults: Fault[], rest: Fault[]): void;
  /** Every submission's fate so far, in order. */
  log: Fault[];
  close(): Promise<void>;
}

export async function startFlakyRelay(target: string): Promise<FlakyRelay> {
  const bundle = await bundleForPage(PAGE_ENTRY);
  const upstream = new URL(target);
  let queue: Fault[] = [];
  let rest: Fault[] = ['pass'];
  let turn = 0;
  const log: Fault[] = [];
  const next = (): Fault => queue.shift() ?? rest[turn++ % rest.length]!;

  const server = createServer((req, res) => {
    if (req.url === OUTBOX_PAGE) return send(res, 'text/html', PAGE_HTML);
    if (req.url === BUNDLE_PATH) return send(res, 'text/javascript', bundle);

    const isSubmission = req.method === 'POST' && req.url === '/v1/reports';
    const fault = isSubmission ? next() : 'pass';
    if (isSubmission) log.push(fault);

    if (fault === 'unavailable') {
      req.resume();
      res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{"error":{"code":"unavailable","message":"Redeploying"}}');
      return;
    }
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    pass(req, res, upstream, fault === 'lose-answer');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    plan(faults, others) {
      queue = [...faults];
      rest = others;
      turn = 0;
    },
    log,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function pass(req: IncomingMessage, res: ServerResponse, upstream: URL, loseAnswer: boolean) {
  const proxied = forward(
    { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
    (answer) => {
      if (loseAnswer) {
        // Read the relay's whole answer, so the report is surely stored, then
        // hang up on the browser as a dying mobile link would.
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  proxied.on('error', () => req.socket.destroy());
  req.pipe(proxied);
}

function send(res: ServerResponse, type: string, body: string) {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outbox test</title></head>
<body><p>Outbox test page</p><script src="${BUNDLE_PATH}"></script></body></html>`;
