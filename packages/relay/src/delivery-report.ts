import type {
  DeliveryAttachment,
  DeliveryReport,
} from '@hypercare/shared/adapter';

import type { AttachmentSigner } from './signed-url.js';
import {
  StoreError,
  type ReportStore,
  type StoredReport,
} from './store/types.js';

/** Builds what an adapter sees of a stored report. */
export async function toDeliveryReport(
  stored: StoredReport,
  store: ReportStore,
  signer: AttachmentSigner,
): Promise<DeliveryReport> {
  const attachments = await Promise.all(
    stored.attachments.map(
      async (meta): Promise<DeliveryAttachment> => ({
        id: meta.id,
        kind: meta.kind,
        filename: meta.filename,
        contentType: meta.contentType,
        size: meta.size,
        sha256: meta.sha256,
        url: await signer.urlFor(meta.id),
        read: () => readAttachment(store, meta.id, meta.contentType),
      }),
    ),
  );

  return {
    id: stored.id,
    reference: stored.reference,
    receivedAt: stored.receivedAt.toISOString(),
    report: stored.report,
    attachments,
  };
}

async function readAttachment(
  store: ReportStore,
  id: string,
  contentType: string,
): Promise<Blob> {
  const attachment = await store.getAttachment(id);
  if (!attachment) {
    throw new StoreError(`Failed to read attachment ${id}: it is gone`);
  }

  return new Blob([attachment.bytes as Uint8Array<ArrayBuffer>], {
    type: contentType,
  });
}
