/**
 * A webhook receiver on loopback that keeps every request it gets, for
 * checking what the relay delivered.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves with the first request, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/hypercare`,
    received,
    async next(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length === 0) {
        if (Date.now() > deadline) throw new Error('No webhook arrived in time');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received[0]!;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
