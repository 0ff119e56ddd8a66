/**
 * Delivers Hypercare reports to any HTTP endpoint as `report.created`
 * events signed per Standard Webhooks. Use `createWebhookAdapter` in a relay,
 * and `verifyWebhook` in the service that receives the events.
 */
export {
  createWebhookAdapter,
  WebhookConfigError,
  type WebhookAdapterOptions,
} from './adapter.js';
export {
  REPORT_CREATED,
  toReportCreatedEvent,
  type ReportCreatedEvent,
  type WebhookAttachment,
} from './event.js';
export { isRetryableStatus, parseRetryAfter } from './response.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  parseWebhookSecret,
  SECRET_PREFIX,
  signWebhook,
  verifyWebhook,
  WebhookSecretError,
  WebhookVerificationError,
  type SignWebhookOptions,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  type WebhookHeaders,
} from './signature.js';
