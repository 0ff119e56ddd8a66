/**
 * The relay on Node: configuration from environment variables, the SQLite
 * report store, and an HTTP server. Use this entry to run a relay as a
 * process; use `@hypercare/relay` itself on other runtimes.
 */
export {
  ConfigError,
  DATABASE_FILE,
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  loadConfig,
  RELAY_SECRET_FILE,
  type LoadConfigOptions,
  type RelayConfig,
} from './config.js';
export {
  createNodeRelay,
  isLoopbackAddress,
  isLoopbackClient,
  type NodeRelay,
  type NodeRelayOptions,
} from './node-relay.js';
export {
  serveRelay,
  ServeError,
  type RelayServer,
  type ServeOptions,
} from './serve.js';
export { openSqliteStore, type SqliteStoreOptions } from './store/sqlite.js';
export * from './index.js';
