#!/usr/bin/env node
/**
 * `hypercare-relay`: runs a relay configured by environment variables (see
 * `loadConfig`) until SIGINT or SIGTERM.
 */
import { createNodeRelay, loadConfig, serveRelay } from './node.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const relay = await createNodeRelay(config);
  const server = await serveRelay(relay, {
    port: config.port,
    hostname: config.host,
  });
  relay.logger.info('relay listening', { url: server.url });

  const shutdown = (signal: string) => {
    relay.logger.info('relay stopping', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        relay.logger.error('relay did not stop cleanly', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  // No logger exists yet when the configuration itself is bad.
  const msg = error instanceof Error ? error.message : String(error);
  const time = new Date().toISOString();
  process.stderr.write(`${JSON.stringify({ level: 'error', time, msg })}\n`);
  process.exit(1);
});
