#!/usr/bin/env node
// The demo: one process that runs a Hypercare relay with its embedded SQLite
// store and serves, beside its API, a small product app with the widget
// installed, and the widget's built files the way a CDN would serve them.
//
//   npm start            # from the repository root; builds first
//   PORT=9000 npm start  # another port
//
// Every HYPERCARE_* variable of the relay applies (see the README).
import { fileURLToPath } from 'node:url';

import { serveStatic } from '@hono/node-server/serve-static';
import { createNodeRelay, loadConfig, serveRelay } from '@hypercare/relay/node';

const APP_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const WIDGET_DIR = fileURLToPath(new URL('../../packages/widget/dist/', import.meta.url));

async function main() {
  const config = loadConfig(process.env);
  const relay = await createNodeRelay(config);

  // As a CDN would: the chunks load as ES modules, which browsers fetch
  // with CORS when the page is on another origin.
  relay.app.use('/widget/*', async (c, next) => {
    await next();
    c.header('Access-Control-Allow-Origin', '*');
  });
  relay.app.use(
    '/widget/*',
    serveStatic({
      root: WIDGET_DIR,
      rewriteRequestPath: (path) => path.replace(/^\/widget/, ''),
    }),
  );
  relay.app.use('/*', serveStatic({ root: APP_DIR }));

  const server = await serveRelay(relay, { port: config.port, hostname: config.host });
  process.stdout.write(`Hypercare demo: open ${server.url}/\n`);

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
    });
  }
}

main().catch((error) => {
  process.stderr.write(`Failed to start the Hypercare demo: ${error?.message ?? error}\n`);
  process.exit(1);
});
