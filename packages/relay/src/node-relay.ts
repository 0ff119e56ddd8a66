import { isIP } from 'node:net';

import { createWebhookAdapter } from '@hypercare/adapter-webhook';
import type { Adapter } from '@hypercare/shared/adapter';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

import type { RelayConfig } from './config.js';
import { createJsonLogger, type Logger } from './logger.js';
import { createRelay, type Relay, type RelayOptions } from './relay.js';
import { openSqliteStore } from './store/sqlite.js';

export interface NodeRelayOptions {
  /** Defaults to JSON lines on stderr at the configured level. */
  logger?: Logger;
  /** Adapters beyond those the configuration names. */
  adapters?: Adapter[];
  fetch?: typeof fetch;
  now?: () => Date;
  retry?: RelayOptions['retry'];
}

export interface NodeRelay extends Relay {
  config: RelayConfig;
  logger: Logger;
}

/** serveRelay tells a relay its real address through this, when it asks. */
export const listeningHooks = new WeakMap<Relay, (url: URL) => void>();

/**
 * Builds a relay from a loaded configuration: the SQLite store in the data
 * directory, the webhook adapter when configured, JSON-lines logging to
 * stderr, and report listing open to loopback clients.
 *
 * @example
 * const relay = await createNodeRelay(loadConfig());
 * const server = await serveRelay(relay, { port: 8787 });
 */
export async function createNodeRelay(
  config: RelayConfig,
  options: NodeRelayOptions = {},
): Promise<NodeRelay> {
  const logger = options.logger ?? createStderrLogger(config);
  const adapters = [...configuredAdapters(config), ...(options.adapters ?? [])];
  const store = openSqliteStore({ path: config.databasePath });

  let publicUrl = config.publicUrl;
  let relay: Relay;
  try {
    relay = createRelay({
      store,
      adapters,
      publicUrl: () => publicUrl,
      secret: config.relaySecret,
      allowedOrigins: config.allowedOrigins,
      imageProxyHosts: config.imageProxyHosts,
      ...(config.adminToken && { adminToken: config.adminToken }),
      isTrustedClient: config.trustLoopback ? isLoopbackClient : () => false,
      logger,
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.now && { now: options.now }),
      ...(options.retry && { retry: options.retry }),
    });
  } catch (error) {
    await store.close();
    throw error;
  }

  const nodeRelay = Object.assign(relay, { config, logger });
  // A URL on port 0 names no server; once listening, the real port is known.
  listeningHooks.set(nodeRelay, (url) => {
    const configured = new URL(publicUrl);
    if (configured.port !== '0') return;
    configured.port = url.port;
    publicUrl = configured.href.replace(/\/+$/, '');
  });

  logger.info('relay ready', {
    database: config.databasePath,
    adapters: adapters.map((adapter) => adapter.name),
  });
  return nodeRelay;
}

function configuredAdapters(config: RelayConfig): Adapter[] {
  if (!config.webhook) return [];
  return [createWebhookAdapter(config.webhook)];
}

function createStderrLogger(config: RelayConfig): Logger {
  return createJsonLogger({
    write: (line) => process.stderr.write(line),
    level: config.logLevel,
  });
}

/**
 * Headers that reverse proxies add. A request carrying any of them is not
 * trusted even from loopback: a proxy on the same host would otherwise make
 * every visitor look local. Proxies that add none are why loopback trust is
 * off once a public URL is configured (`HYPERCARE_TRUST_LOOPBACK`).
 */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'via',
];

/**
 * Loopback peers are trusted to list reports, as in a local demo, unless a
 * proxy stands between, or a page on another site made the request through
 * the visitor's browser (Fetch Metadata, `Sec-Fetch-Site`).
 */
export function isLoopbackClient(c: Context): boolean {
  if (PROXY_HEADERS.some((name) => c.req.header(name) !== undefined)) {
    return false;
  }
  const site = c.req.header('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return false;

  try {
    return isLoopbackAddress(getConnInfo(c).remote.address ?? '');
  } catch {
    // No Node socket behind this request (app.request() in tests).
    return false;
  }
}

export function isLoopbackAddress(address: string): boolean {
  const ipv4 = address.replace(/^::ffff:/i, '');
  if (isIP(ipv4) === 4) return ipv4.startsWith('127.');
  return address === '::1';
}
