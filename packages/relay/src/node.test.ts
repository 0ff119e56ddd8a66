import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  ConfigError,
  createNodeRelay,
  isLoopbackAddress,
  loadConfig,
  openSqliteStore,
  serveRelay,
} from './node.js';
import { silentLogger } from './logger.js';
import { makeTempDir, reportForm } from './testing/fixtures.js';

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const temp = makeTempDir();
  cleanups.push(temp.remove);
  return temp.dir;
}

describe('loadConfig', () => {
  it('applies the defaults', () => {
    const cwd = tempDir();

    const config = loadConfig({}, { cwd });

    expect(config).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: join(cwd, '.hypercare'),
      databasePath: join(cwd, '.hypercare', 'hypercare.db'),
      publicUrl: 'http://127.0.0.1:8787',
      relaySecret: expect.stringMatching(/^[\w-]{43}$/),
      allowedOrigins: ['*'],
      imageProxyHosts: [],
      trustLoopback: true,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const cwd = tempDir();

    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        HYPERCARE_DATA_DIR: 'data',
        HYPERCARE_PUBLIC_URL: 'https://feedback.example.com/',
        HYPERCARE_WEBHOOK_URL: 'https://hooks.example.com/in',
        HYPERCARE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        HYPERCARE_RELAY_SECRET: 'relay-secret-0123456789',
        HYPERCARE_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:3000',
        HYPERCARE_ADMIN_TOKEN: 'admin-token-0123456789',
        HYPERCARE_LOG_LEVEL: 'debug',
        HYPERCARE_IMAGE_PROXY_HOSTS: 'CDN.example.com, images.example.com:8443, 127.0.0.1:80',
      },
      { cwd },
    );

    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: join(cwd, 'data'),
      databasePath: join(cwd, 'data', 'hypercare.db'),
      publicUrl: 'https://feedback.example.com',
      relaySecret: 'relay-secret-0123456789',
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000'],
      imageProxyHosts: ['cdn.example.com', 'images.example.com:8443', '127.0.0.1'],
      adminToken: 'admin-token-0123456789',
      webhook: { url: 'https://hooks.example.com/in', secret: WEBHOOK_SECRET },
      trustLoopback: false,
      logLevel: 'debug',
    });
  });

  it.each([
    ['::1', 'http://[::1]:9000'],
    ['localhost', 'http://localhost:9000'],
    ['0.0.0.0', 'http://127.0.0.1:9000'],
    ['::', 'http://127.0.0.1:9000'],
  ])('links to attachments on the address it listens on, %s', (host, publicUrl) => {
    const config = loadConfig({ HOST: host, PORT: '9000' }, { cwd: tempDir() });

    expect(config.publicUrl).toBe(publicUrl);
  });

  it('trusts loopback only as asked once a public URL is set', () => {
    const cwd = tempDir();
    const publicUrl = 'https://feedback.example.com';

    expect(loadConfig({ HYPERCARE_PUBLIC_URL: publicUrl }, { cwd }).trustLoopback).toBe(false);
    expect(
      loadConfig({ HYPERCARE_PUBLIC_URL: publicUrl, HYPERCARE_TRUST_LOOPBACK: 'true' }, { cwd })
        .trustLoopback,
    ).toBe(true);
    expect(loadConfig({ HYPERCARE_TRUST_LOOPBACK: '0' }, { cwd }).trustLoopback).toBe(false);
  });

  it('keeps a generated relay secret private and reuses it', () => {
    const cwd = tempDir();

    const first = loadConfig({}, { cwd });
    const second = loadConfig({}, { cwd });

    const file = join(cwd, '.hypercare', 'relay-secret');
    expect(second.relaySecret).toBe(first.relaySecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.relaySecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    [{ PORT: 'http' }, /^Failed to read configuration: PORT must be a port number/],
    [{ PORT: '70000' }, /PORT must be a port number from 0 to 65535/],
    [{ HYPERCARE_PUBLIC_URL: 'feedback.example.com' }, /HYPERCARE_PUBLIC_URL must be an absolute URL/],
    [{ HYPERCARE_WEBHOOK_URL: 'https://h.example.com' }, /HYPERCARE_WEBHOOK_SECRET is required when HYPERCARE_WEBHOOK_URL is set/],
    [{ HYPERCARE_WEBHOOK_SECRET: WEBHOOK_SECRET }, /HYPERCARE_WEBHOOK_SECRET is set but HYPERCARE_WEBHOOK_URL is not/],
    [
      { HYPERCARE_WEBHOOK_URL: 'https://h.example.com', HYPERCARE_WEBHOOK_SECRET: 'hunter2' },
      /HYPERCARE_WEBHOOK_SECRET must have the form whsec_<base64>/,
    ],
    [
      { HYPERCARE_WEBHOOK_URL: 'ftp://h.example.com', HYPERCARE_WEBHOOK_SECRET: WEBHOOK_SECRET },
      /HYPERCARE_WEBHOOK_URL must use http or https/,
    ],
    [{ HYPERCARE_ALLOWED_ORIGINS: 'https://app.example.com/path' }, /HYPERCARE_ALLOWED_ORIGINS must be \*/],
    [{ HYPERCARE_IMAGE_PROXY_HOSTS: 'https://cdn.example.com' }, /HYPERCARE_IMAGE_PROXY_HOSTS must be a comma-separated list of hosts/],
    [{ HYPERCARE_IMAGE_PROXY_HOSTS: 'cdn.example.com/images' }, /HYPERCARE_IMAGE_PROXY_HOSTS must be/],
    [{ HYPERCARE_RELAY_SECRET: 'short' }, /HYPERCARE_RELAY_SECRET must be at least 16 characters/],
    [{ HYPERCARE_ADMIN_TOKEN: 'short' }, /HYPERCARE_ADMIN_TOKEN must be at least 16 characters/],
    [{ HYPERCARE_LOG_LEVEL: 'loud' }, /HYPERCARE_LOG_LEVEL must be debug, info, warn or error/],
    [{ HYPERCARE_ALLOWED_ORIGINS: ' , ' }, /HYPERCARE_ALLOWED_ORIGINS names no origin/],
    [{ HYPERCARE_TRUST_LOOPBACK: 'yes' }, /HYPERCARE_TRUST_LOOPBACK must be true or false/],
  ])('refuses %j', (env, message) => {
    const cwd = tempDir();

    expect(() => loadConfig(env, { cwd })).toThrow(message);
    expect(() => loadConfig(env, { cwd })).toThrow(ConfigError);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.2', false],
    ['fe80::1', false],
    ['', false],
  ])('says %s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('serveRelay', () => {
  async function start(env: Record<string, string> = {}) {
    const cwd = tempDir();
    const config = loadConfig({ PORT: '0', ...env }, { cwd });
    const relay = await createNodeRelay(config, { logger: silentLogger });
    const server = await serveRelay(relay, { port: config.port, hostname: config.host });
    cleanups.push(() => server.close());
    return { config, relay, server };
  }

  it('listens on the port it was given, 0 meaning any free one', async () => {
    const { server } = await start();

    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('takes reports over HTTP and lists them to a loopback client', async () => {
    const { server } = await start();

    const posted = await fetch(`${server.url}/v1/reports`, {
      method: 'POST',
      body: reportForm(),
    });
    const listed = await fetch(`${server.url}/v1/reports`);

    expect(posted.status).toBe(201);
    const { reports } = (await listed.json()) as {
      reports: Array<{ attachments: Array<{ url: string }> }>;
    };
    expect(reports).toHaveLength(1);
    // The link names the real port, not the 0 the config asked for.
    const url = reports[0]!.attachments[0]!.url;
    expect(url.startsWith(`${server.url}/v1/attachments/`)).toBe(true);
    expect((await fetch(url)).headers.get('content-type')).toBe('image/png');
  });

  it.each([
    ['x-forwarded-for', '203.0.113.9'],
    ['x-real-ip', '203.0.113.9'],
    ['forwarded', 'for=203.0.113.9'],
    ['via', '1.1 proxy'],
    ['sec-fetch-site', 'cross-site'],
  ])('does not trust a loopback request carrying %s', async (name, value) => {
    const { server } = await start();

    const response = await fetch(`${server.url}/v1/reports`, { headers: { [name]: value } });

    expect(response.status).toBe(403);
  });

  it('does not trust loopback when configured not to', async () => {
    const { server } = await start({ HYPERCARE_TRUST_LOOPBACK: 'false' });

    expect((await fetch(`${server.url}/v1/reports`)).status).toBe(403);
  });

  it('closes the store on close, keeping what was stored', async () => {
    const { server, config } = await start();
    const posted = await fetch(`${server.url}/v1/reports`, {
      method: 'POST',
      body: reportForm(),
    });
    const { reference } = (await posted.json()) as { reference: string };

    await server.close();

    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const reopened = openSqliteStore({ path: config.databasePath });
    expect((await reopened.getReportByReference(reference))?.reference).toBe(reference);
    await reopened.close();
  });

  it('rejects with a clear error when the port is taken', async () => {
    const { server } = await start();
    const cwd = tempDir();
    const relay = await createNodeRelay(loadConfig({}, { cwd }), { logger: silentLogger });
    cleanups.push(() => relay.close());

    await expect(serveRelay(relay, { port: server.port })).rejects.toThrow(
      new RegExp(`^Failed to start relay on 127.0.0.1:${server.port}: .*EADDRINUSE`),
    );
  });

  it('logs JSON lines to stderr by default', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const cwd = tempDir();

    const relay = await createNodeRelay(loadConfig({}, { cwd }));
    await relay.close();
    const lines = write.mock.calls.map(([chunk]) => String(chunk));
    write.mockRestore();

    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(lines[0]!.endsWith('}\n')).toBe(true);
    expect(line).toMatchObject({ level: 'info', msg: 'relay ready', adapters: [] });
  });
});

describe('createNodeRelay', () => {
  it('delivers through the configured webhook', async () => {
    const cwd = tempDir();
    const config = loadConfig(
      {
        HYPERCARE_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
        HYPERCARE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      { cwd },
    );
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 204 }));
    const relay = await createNodeRelay(config, { logger: silentLogger, fetch });
    cleanups.push(() => relay.close());

    await relay.app.request('/v1/reports', { method: 'POST', body: reportForm() });
    await relay.worker.runOnce();

    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:9/hook', expect.anything());
  });
});

