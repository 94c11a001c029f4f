/** POST /v1/tickets/{ticketId}/attachments/{attachmentId}/complete — the bytes are uploaded (metered). */
import { completeAttachmentOperation } from '../../shared/api/attachment-upload.ts';
import { toAttachmentResource } from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { attachmentUploads } from './attachment-upload-deps.ts';

export const handler = httpOperation(
  'completeTicketAttachment',
  completeAttachmentOperation,
  async (request) => {
    const { attachment, stored } = await attachmentUploads.complete({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      attachmentId: request.path.attachmentId,
      correlationId: request.correlationId,
    });
    return {
      status: 200,
      body: {
        attachment: toAttachmentResource(attachment),
        storedBytes: stored.bytes,
        storedAt: stored.storedAt,
      },
    };
  },
);
