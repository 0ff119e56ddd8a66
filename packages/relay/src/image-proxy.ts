/**
 * An optional image proxy for screenshots: a page's cross-origin images
 * that lack CORS headers taint the widget's canvas, so the widget may ask
 * the relay for them instead, and gets them back with the relay's CORS
 * headers. It fetches only from hosts the operator lists, follows redirects
 * only to such hosts, passes on only images, and stops at a size limit; it
 * sends no cookies or credentials of the user.
 */
import { MAX_ATTACHMENT_BYTES } from '@hypercare/shared';
import type { Context } from 'hono';

import {
  BadGatewayError,
  ForbiddenError,
  InvalidRequestError,
} from './errors.js';

export const IMAGE_PROXY_PATH = '/v1/image-proxy';

export interface ImageProxyOptions {
  /** Hosts images may come from, as URLs write them: `cdn.example.com`. */
  allowedHosts: readonly string[];
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Gives up on an image after this long. Default: 5 seconds. */
  timeoutMs?: number;
  /** Refuses larger images. Default: the relay's attachment limit, 8 MiB. */
  maxBytes?: number;
}

export const DEFAULT_PROXY_TIMEOUT_MS = 5_000;

/** Enough for a CDN's canonical redirect and one more. */
const MAX_REDIRECTS = 3;

/**
 * Makes the `GET /v1/image-proxy?url=…` handler.
 *
 * @example
 * const proxy = createImageProxy({ allowedHosts: ['cdn.example.com'] });
 * app.get(IMAGE_PROXY_PATH, proxy);
 */
export function createImageProxy(options: ImageProxyOptions) {
  const allowed = new Set(
    options.allowedHosts.map((host) => host.toLowerCase()),
  );
  const fetchImage = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROXY_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_ATTACHMENT_BYTES;

  return async (c: Context): Promise<Response> => {
    const url = readTarget(c.req.query('url'), allowed);
    const signal = AbortSignal.timeout(timeoutMs);

    const upstream = await fetchFollowingAllowed(
      fetchImage,
      url,
      allowed,
      signal,
    );
    const type = imageType(upstream);
    const bytes = await readLimited(upstream, maxBytes);

    return new Response(bytes, {
      headers: {
        'Content-Type': type,
        'Content-Length': String(bytes.byteLength),
        'X-Content-Type-Options': 'nosniff',
        // SVG opened at the relay's own address must not run its scripts.
        'Content-Security-Policy':
          "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        'Cache-Control': 'private, max-age=300',
      },
    });
  };
}

function readTarget(
  text: string | undefined,
  allowed: ReadonlySet<string>,
): URL {
  let url: URL;
  try {
    url = new URL(text ?? '');
  } catch {
    throw new InvalidRequestError(
      'invalid_query',
      'Failed to proxy image: url must be an absolute http or https URL',
    );
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidRequestError(
      'invalid_query',
      `Failed to proxy image: url must use http or https, not ${url.protocol}`,
    );
  }
  checkHost(url, allowed);
  return url;
}

function checkHost(url: URL, allowed: ReadonlySet<string>): void {
  if (allowed.has(url.host.toLowerCase())) return;

  throw new ForbiddenError(
    `Failed to proxy image: ${url.host} is not among ` +
      'HYPERCARE_IMAGE_PROXY_HOSTS',
  );
}

async function fetchFollowingAllowed(
  fetchImage: typeof fetch,
  start: URL,
  allowed: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<Response> {
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const response = await request(fetchImage, url, signal);
    const location = response.headers.get('location');
    const redirected = response.status >= 300 && response.status < 400;
    if (!redirected || !location) return response;

    await response.body?.cancel();
    if (redirects >= MAX_REDIRECTS) {
      throw new BadGatewayError(
        `Failed to proxy image: more than ${MAX_REDIRECTS} redirects`,
      );
    }
    url = new URL(location, url);
    checkHost(url, allowed);
  }
}

async function request(
  fetchImage: typeof fetch,
  url: URL,
  signal: AbortSignal,
): Promise<Response> {
  try {
    return await fetchImage(url.href, {
      redirect: 'manual',
      credentials: 'omit',
      headers: { Accept: 'image/*' },
      signal,
    });
  } catch (error) {
    const reason = signal.aborted
      ? 'it took too long'
      : 'it could not be reached';
    throw new BadGatewayError(`Failed to proxy image: ${reason}`, {
      cause: error,
    });
  }
}

function imageType(response: Response): string {
  const header = response.headers.get('content-type') ?? '';
  const type = header.split(';')[0]!.trim().toLowerCase();
  if (!response.ok) {
    throw new BadGatewayError(
      `Failed to proxy image: the image server answered ${response.status}`,
    );
  }
  if (!type.startsWith('image/')) {
    throw new BadGatewayError(
      `Failed to proxy image: the server sent ${type || 'no type'}, ` +
        'not an image',
    );
  }
  return type;
}

async function readLimited(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) tooLarge(maxBytes);

  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (
    let read = await reader?.read();
    read && !read.done;
    read = await reader?.read()
  ) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel().catch(() => {});
      tooLarge(maxBytes);
    }
    chunks.push(read.value);
  }

  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): never {
  throw new BadGatewayError(
    `Failed to proxy image: it is larger than ${maxBytes} bytes`,
  );
}
