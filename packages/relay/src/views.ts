/**
 * The JSON the API answers with, built from stored reports. The status view
 * is public to whoever holds the reference, so it carries no report content.
 */
import type { Category, Report, Severity } from '@hypercare/shared';

import type { AttachmentSigner } from './signed-url.js';
import type { DeliveryRecord, StoredReport } from './store/types.js';

/** A report's overall progress, as its reporter sees it. */
export type ReportStatus = 'received' | 'delivering' | 'delivered' | 'failed';

export interface ReceiptView {
  reference: string;
  status: 'received';
  receivedAt: string;
  /**
   * The reference the widget proposed, when another report already had it
   * and this one got `reference` instead.
   */
  requestedReference?: string;
}

export interface DeliveryView {
  adapter: string;
  status: DeliveryRecord['status'];
  attempts: number;
  externalId?: string;
  externalUrl?: string;
  updatedAt: string;
}

export interface StatusView {
  reference: string;
  status: ReportStatus;
  receivedAt: string;
  deliveries: Array<Omit<DeliveryView, 'externalUrl'>>;
}

export interface AdminAttachmentView {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface AdminReportView {
  reference: string;
  receivedAt: string;
  category: Category;
  severity: Severity | null;
  description: string;
  email: string | null;
  /** Where the reporter was: page, browser, viewport, language, time. */
  context: Report['context'];
  diagnostics: NonNullable<Report['diagnostics']>;
  status: ReportStatus;
  attachments: AdminAttachmentView[];
  /** As in the status view, plus the last error of each. */
  deliveries: Array<DeliveryView & { lastError?: string }>;
}

/**
 * Pending work outranks outcomes: a report is `received` until some attempt
 * was made, `delivering` while any delivery is pending, then `failed` if any
 * delivery failed for good and `delivered` otherwise. A report with no
 * adapters configured stays `received`.
 */
export function summarizeStatus(deliveries: DeliveryRecord[]): ReportStatus {
  const pending = deliveries.filter((d) => d.status === 'pending');
  if (deliveries.length === 0) return 'received';

  if (pending.length === deliveries.length) {
    return pending.some((d) => d.attempts > 0) ? 'delivering' : 'received';
  }
  if (pending.length > 0) return 'delivering';

  return deliveries.some((d) => d.status === 'failed') ? 'failed' : 'delivered';
}

/**
 * Anyone holding the reference may ask, so links into the team's own
 * tracker, which may name internal hosts, stay out of this view.
 */
export function toStatusView(stored: StoredReport): StatusView {
  return {
    reference: stored.reference,
    status: summarizeStatus(stored.deliveries),
    receivedAt: stored.receivedAt.toISOString(),
    deliveries: stored.deliveries.map((delivery) => {
      const { externalUrl: _internal, ...view } = toDeliveryView(delivery);
      return view;
    }),
  };
}

export async function toAdminView(
  stored: StoredReport,
  signer: AttachmentSigner,
): Promise<AdminReportView> {
  const { report } = stored;
  const attachments = await Promise.all(
    stored.attachments.map(async (attachment) => ({
      id: attachment.id,
      kind: attachment.kind,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      url: await signer.urlFor(attachment.id),
    })),
  );

  return {
    reference: stored.reference,
    receivedAt: stored.receivedAt.toISOString(),
    category: report.category,
    severity: report.severity ?? null,
    description: report.description,
    email: report.email ?? null,
    context: report.context,
    diagnostics: report.diagnostics ?? {},
    status: summarizeStatus(stored.deliveries),
    attachments,
    deliveries: stored.deliveries.map((delivery) => ({
      ...toDeliveryView(delivery),
      ...(delivery.lastError && { lastError: delivery.lastError }),
    })),
  };
}

function toDeliveryView(delivery: DeliveryRecord): DeliveryView {
  const view: DeliveryView = {
    adapter: delivery.adapter,
    status: delivery.status,
    attempts: delivery.attempts,
    updatedAt: delivery.updatedAt.toISOString(),
  };

  if (delivery.externalId) view.externalId = delivery.externalId;
  if (delivery.externalUrl) view.externalUrl = delivery.externalUrl;
  return view;
}
