/**
 * Reads the relay's settings from environment variables. Every bad value
 * fails at start-up with the variable's name, rather than at first use.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { parseWebhookSecret } from '@hypercare/adapter-webhook';

import { isLogLevel, type LogLevel } from './logger.js';

export const DEFAULT_PORT = 8787;

/** Loopback only: a relay reachable from elsewhere is a deliberate choice. */
export const DEFAULT_HOST = '127.0.0.1';

export const DEFAULT_DATA_DIR = '.hypercare';

export const DATABASE_FILE = 'hypercare.db';

export const RELAY_SECRET_FILE = 'relay-secret';

const MIN_SECRET_LENGTH = 16;

export interface RelayConfig {
  port: number;
  host: string;
  /** Absolute; holds the database and the generated relay secret. */
  dataDir: string;
  databasePath: string;
  /** Base URL in attachment links; on port 0 it takes the real port. */
  publicUrl: string;
  /** Signs attachment links. */
  relaySecret: string;
  allowedOrigins: string[];
  /** Hosts the screenshot image proxy may fetch from; empty turns it off. */
  imageProxyHosts: string[];
  adminToken?: string;
  /**
   * Whether loopback clients may list reports without the admin token; on
   * by default only while no public URL is configured, as in a local demo.
   */
  trustLoopback: boolean;
  webhook?: { url: string; secret: string };
  logLevel: LogLevel;
}

export interface LoadConfigOptions {
  /** Where a relative `HYPERCARE_DATA_DIR` starts; defaults to the cwd. */
  cwd?: string;
}

type Env = Record<string, string | undefined>;

/** Options that cannot work, named by their environment variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(variable: string, problem: string, options?: ErrorOptions) {
    super(`Failed to read configuration: ${variable} ${problem}`, options);
  }
}

/**
 * Reads the configuration from `env`, creating the data directory and, on
 * first run, a random relay secret kept in it.
 *
 * @example
 * const config = loadConfig();
 * const relay = await createNodeRelay(config);
 */
export function loadConfig(
  env: Env = process.env,
  options: LoadConfigOptions = {},
): RelayConfig {
  const port = readPort(env);
  const dataDir = resolve(
    options.cwd ?? process.cwd(),
    read(env, 'HYPERCARE_DATA_DIR') ?? DEFAULT_DATA_DIR,
  );
  const adminToken = readAdminToken(env);
  const webhook = readWebhook(env);
  const host = read(env, 'HOST') ?? DEFAULT_HOST;

  return {
    port,
    host,
    dataDir,
    databasePath: join(dataDir, DATABASE_FILE),
    publicUrl: readPublicUrl(env, host, port),
    trustLoopback: readTrustLoopback(env),
    relaySecret: readRelaySecret(env, dataDir),
    allowedOrigins: readOrigins(env),
    imageProxyHosts: readImageProxyHosts(env),
    ...(adminToken && { adminToken }),
    ...(webhook && { webhook }),
    logLevel: readLogLevel(env),
  };
}

/** Blank counts as unset, as `VAR= command` is how shells unset for one run. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readPort(env: Env): number {
  const text = read(env, 'PORT');
  if (text === undefined) return DEFAULT_PORT;

  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new ConfigError(
      'PORT',
      `must be a port number from 0 to 65535, not "${text}"`,
    );
  }
  return port;
}

function readPublicUrl(env: Env, host: string, port: number): string {
  const text = read(env, 'HYPERCARE_PUBLIC_URL');
  if (text === undefined) return `http://${linkHost(host)}:${port}`;

  return readHttpUrl('HYPERCARE_PUBLIC_URL', text).replace(/\/+$/, '');
}

/** The host part of a link to a server listening on `host`. */
function linkHost(host: string): string {
  // A wildcard address listens everywhere, loopback included.
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function readTrustLoopback(env: Env): boolean {
  const text = read(env, 'HYPERCARE_TRUST_LOOPBACK');
  if (text === undefined) return read(env, 'HYPERCARE_PUBLIC_URL') === undefined;

  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new ConfigError(
    'HYPERCARE_TRUST_LOOPBACK',
    `must be true or false, not "${text}"`,
  );
}

function readWebhook(env: Env): RelayConfig['webhook'] {
  const url = read(env, 'HYPERCARE_WEBHOOK_URL');
  const secret = read(env, 'HYPERCARE_WEBHOOK_SECRET');
  if (url === undefined) {
    if (secret !== undefined) {
      throw new ConfigError(
        'HYPERCARE_WEBHOOK_SECRET',
        'is set but HYPERCARE_WEBHOOK_URL is not',
      );
    }
    return undefined;
  }

  if (secret === undefined) {
    throw new ConfigError(
      'HYPERCARE_WEBHOOK_SECRET',
      'is required when HYPERCARE_WEBHOOK_URL is set',
    );
  }
  checkWebhookSecret(secret);

  return { url: readHttpUrl('HYPERCARE_WEBHOOK_URL', url), secret };
}

function checkWebhookSecret(secret: string): void {
  try {
    parseWebhookSecret(secret, { requirePrefix: true });
  } catch (error) {
    throw new ConfigError(
      'HYPERCARE_WEBHOOK_SECRET',
      'must have the form whsec_<base64>',
      { cause: error },
    );
  }
}

function readHttpUrl(variable: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new ConfigError(variable, `must be an absolute URL, not "${text}"`, {
      cause: error,
    });
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      variable,
      `must use http or https, not ${url.protocol}`,
    );
  }
  return url.href;
}

/** Origins as browsers send them: scheme, host and port, no path. */
function readOrigins(env: Env): string[] {
  const text = read(env, 'HYPERCARE_ALLOWED_ORIGINS');
  if (text === undefined) return ['*'];

  const origins = text.split(',').map((part) => part.trim()).filter(Boolean);
  if (origins.length === 0) {
    throw new ConfigError(
      'HYPERCARE_ALLOWED_ORIGINS',
      `names no origin in "${text}"; leave it unset to allow every origin`,
    );
  }
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin)) {
      throw new ConfigError(
        'HYPERCARE_ALLOWED_ORIGINS',
        `must be * or a comma-separated list of origins like ` +
          `https://app.example.com, not "${origin}"`,
      );
    }
  }
  return origins;
}

/** Hosts as URLs write them, with a port when it is not the scheme's own. */
function readImageProxyHosts(env: Env): string[] {
  const text = read(env, 'HYPERCARE_IMAGE_PROXY_HOSTS');
  if (text === undefined) return [];

  const hosts = text.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean);
  return hosts.map((host) => {
    const parsed = toHost(host);
    if (parsed === undefined) {
      throw new ConfigError(
        'HYPERCARE_IMAGE_PROXY_HOSTS',
        `must be a comma-separated list of hosts like cdn.example.com or ` +
          `127.0.0.1:8080, not "${host}"`,
      );
    }
    return parsed;
  });
}

/** The host as URLs spell it, or undefined when `text` is more or less than a host. */
function toHost(text: string): string | undefined {
  try {
    const url = new URL(`http://${text}`);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username;
    return bare && text.startsWith(url.hostname) ? url.host : undefined;
  } catch {
    return undefined;
  }
}

function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

function readAdminToken(env: Env): string | undefined {
  const token = read(env, 'HYPERCARE_ADMIN_TOKEN');
  if (token !== undefined && token.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      'HYPERCARE_ADMIN_TOKEN',
      `must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  return token;
}

function readLogLevel(env: Env): LogLevel {
  const level = read(env, 'HYPERCARE_LOG_LEVEL') ?? 'info';
  if (!isLogLevel(level)) {
    throw new ConfigError(
      'HYPERCARE_LOG_LEVEL',
      `must be debug, info, warn or error, not "${level}"`,
    );
  }
  return level;
}

/**
 * Without `HYPERCARE_RELAY_SECRET`, a random secret is made on first run and
 * kept beside the database, so links handed out stay valid after a restart.
 */
function readRelaySecret(env: Env, dataDir: string): string {
  const given = read(env, 'HYPERCARE_RELAY_SECRET');
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        'HYPERCARE_RELAY_SECRET',
        `must be at least ${MIN_SECRET_LENGTH} characters`,
      );
    }
    return given;
  }

  return readOrCreateSecretFile(join(dataDir, RELAY_SECRET_FILE));
}

function readOrCreateSecretFile(path: string): string {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const secret = randomBytes(32).toString('base64url');
    // `wx` fails if the file exists, so two relays starting together keep
    // whichever secret was written first.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(
        'HYPERCARE_DATA_DIR',
        `must be a writable directory (${describeError(error)})`,
        { cause: error },
      );
    }
  }

  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      'HYPERCARE_RELAY_SECRET',
      `is unset and ${path} holds no usable secret; delete the file or set it`,
    );
  }
  return secret;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
