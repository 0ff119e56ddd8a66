import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { serve } from '@hono/node-server';

import { listeningHooks } from './node-relay.js';
import type { Relay } from './relay.js';

/** How long close() lets open requests finish before cutting them. */
const CLOSE_GRACE_MS = 5_000;

export interface ServeOptions {
  /** 0 picks a free port; the handle's `url` tells which. */
  port?: number;
  hostname?: string;
}

export interface RelayServer {
  /** Where the server listens, such as `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** Stops taking requests, stops the worker and closes the store. */
  close(): Promise<void>;
}

/** The server could not listen. */
export class ServeError extends Error {
  override readonly name = 'ServeError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Serves a relay over HTTP with `@hono/node-server` and starts its worker.
 *
 * @example
 * const server = await serveRelay(relay, { port: 0 });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export function serveRelay(
  relay: Relay,
  options: ServeOptions = {},
): Promise<RelayServer> {
  const hostname = options.hostname ?? '127.0.0.1';

  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: relay.app.fetch, port: options.port ?? 8787, hostname },
      (info) => {
        const handle = toHandle(relay, server as Server, info);
        listeningHooks.get(relay)?.(new URL(handle.url));
        relay.worker.start();
        resolve(handle);
      },
    );

    server.once('error', (error: Error) => {
      reject(
        new ServeError(
          `Failed to start relay on ${hostname}:${options.port}: ` +
            error.message,
          { cause: error },
        ),
      );
    });
  });
}

function toHandle(relay: Relay, server: Server, info: AddressInfo) {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${info.port}`,
    port: info.port,
    close: () => (closing ??= closeServer(relay, server)),
  };
}

async function closeServer(relay: Relay, server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);

  await closed;
  clearTimeout(cut);
  await relay.close();
}
