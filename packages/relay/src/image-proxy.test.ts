import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { RelayOptions } from './relay.js';
import { createTestRelay, PNG_BYTES, type TestRelay } from './testing/fixtures.js';

let current: TestRelay | undefined;
let upstream: Server | undefined;

afterEach(async () => {
  await current?.cleanup();
  current = undefined;
  upstream?.closeAllConnections();
  await new Promise((done) => (upstream ? upstream.close(done) : done(undefined)));
  upstream = undefined;
});

function setup(options: Partial<RelayOptions>) {
  current = createTestRelay(options);
  return current;
}

/** Answers every request with `respond`'s response, recording the URLs asked for. */
function fakeImageServer(respond: (url: string) => Response) {
  const asked: string[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    asked.push(String(input));
    expect(init?.redirect).toBe('manual');
    return respond(String(input));
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, asked };
}

function png(headers: Record<string, string> = {}) {
  return new Response(PNG_BYTES, { headers: { 'content-type': 'image/png', ...headers } });
}

function proxy(t: TestRelay, url: string, headers: Record<string, string> = {}) {
  return t.relay.app.request(`/v1/image-proxy?url=${encodeURIComponent(url)}`, { headers });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('GET /v1/image-proxy', () => {
  it('does not exist unless the operator lists hosts', async () => {
    const t = setup({});

    const response = await proxy(t, 'https://cdn.example.com/a.png');

    expect(response.status).toBe(404);
  });

  it("passes on an allowed host's image with the relay's CORS headers", async () => {
    const server = fakeImageServer(() => png());
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: server.fetch, allowedOrigins: ['https://app.example.com'] });

    const response = await proxy(t, 'https://cdn.example.com/logo.png?v=3', { origin: 'https://app.example.com' });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG_BYTES);
    expect(server.asked).toEqual(['https://cdn.example.com/logo.png?v=3']);
  });

  it('refuses hosts the operator did not list, without fetching', async () => {
    const server = fakeImageServer(() => png());
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: server.fetch });

    for (const url of ['https://evil.example/a.png', 'http://169.254.169.254/latest/meta-data', 'https://cdn.example.com.evil.example/a.png']) {
      const response = await proxy(t, url);
      expect(response.status).toBe(403);
      expect((await errorOf(response)).message).toMatch(/is not among HYPERCARE_IMAGE_PROXY_HOSTS$/);
    }
    expect(server.asked).toEqual([]);
  });

  it('refuses URLs that are not http or https', async () => {
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: fakeImageServer(() => png()).fetch });

    for (const url of ['file:///etc/passwd', 'not a url', '']) {
      const response = await proxy(t, url);
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('invalid_query');
    }
  });

  it('follows redirects only to listed hosts', async () => {
    const server = fakeImageServer((url) =>
      url.includes('/moved')
        ? new Response(null, { status: 302, headers: { location: 'https://evil.example/a.png' } })
        : url.includes('/old')
          ? new Response(null, { status: 301, headers: { location: '/new.png' } })
          : png(),
    );
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: server.fetch });

    expect((await proxy(t, 'https://cdn.example.com/old.png')).status).toBe(200);
    expect((await proxy(t, 'https://cdn.example.com/moved.png')).status).toBe(403);
    expect(server.asked).toEqual([
      'https://cdn.example.com/old.png',
      'https://cdn.example.com/new.png',
      'https://cdn.example.com/moved.png',
    ]);
  });

  it('passes on nothing but images', async () => {
    const html = fakeImageServer(() => new Response('<script>', { headers: { 'content-type': 'text/html' } }));
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: html.fetch });

    const response = await proxy(t, 'https://cdn.example.com/page');

    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({
      code: 'bad_gateway',
      message: 'Failed to proxy image: the server sent text/html, not an image',
    });
  });

  it("says so when the image server fails", async () => {
    const t = setup({ imageProxyHosts: ['cdn.example.com'], fetch: fakeImageServer(() => new Response('gone', { status: 404 })).fetch });

    const response = await proxy(t, 'https://cdn.example.com/a.png');

    expect(response.status).toBe(502);
    expect((await errorOf(response)).message).toBe('Failed to proxy image: the image server answered 404');
  });

  it('stops reading an image past the size limit', async () => {
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const t = setup({
      imageProxyHosts: ['cdn.example.com'],
      fetch: fakeImageServer(() => new Response(huge, { headers: { 'content-type': 'image/png' } })).fetch,
    });

    const response = await proxy(t, 'https://cdn.example.com/endless.png');

    expect(response.status).toBe(502);
    expect((await errorOf(response)).message).toBe('Failed to proxy image: it is larger than 8388608 bytes');
  });

  it('fetches from a real server on a listed loopback port', async () => {
    upstream = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', 'set-cookie': 'session=secret' });
      response.end(Buffer.from(PNG_BYTES));
    });
    await new Promise<void>((done) => upstream!.listen(0, '127.0.0.1', done));
    const host = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const t = setup({ imageProxyHosts: [host] });

    const response = await proxy(t, `http://${host}/a.png`);

    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG_BYTES);
  });
});
