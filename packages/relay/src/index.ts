/**
 * The Hypercare relay, runtime-neutral: `createRelay` gives a Hono app that
 * takes reports from the widget and a worker that delivers them through
 * adapters, on any runtime with `fetch` and Web Crypto. Bring a
 * `ReportStore`; on Node, `@hypercare/relay/node` has a SQLite store, config
 * loading and a server.
 */
export {
  createRelay,
  RelayConfigError,
  type Relay,
  type RelayOptions,
} from './relay.js';
export {
  DEFAULT_RETRY_POLICY,
  retryDelayMs,
  type RetryPolicy,
} from './backoff.js';
export {
  AttachmentLinkError,
  ForbiddenError,
  InvalidReportError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RelayHttpError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  type ErrorBody,
  type ErrorCode,
} from './errors.js';
export {
  createJsonLogger,
  silentLogger,
  type JsonLoggerOptions,
  type LogFields,
  type Logger,
  type LogLevel,
} from './logger.js';
export {
  ReferenceTakenError,
  StoreError,
  type AttachmentMeta,
  type ClaimedDelivery,
  type ClaimOptions,
  type DeliveryFailure,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliverySuccess,
  type NewAttachment,
  type NewReport,
  type ReportStore,
  type StoredAttachment,
  type StoredReport,
} from './store/types.js';
export type {
  AdminAttachmentView,
  AdminReportView,
  DeliveryView,
  ReceiptView,
  ReportStatus,
  StatusView,
} from './views.js';
