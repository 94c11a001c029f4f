/** GET /v1/tickets/{ticketId}/attachments/{attachmentId} — a presigned download. */
import {
  getAttachmentOperation,
  toAttachmentResource,
  toPresignedResource,
} from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { conversationService } from './conversation-deps.ts';

export const handler = httpOperation('getTicketAttachment', getAttachmentOperation, async (request) => {
  const { attachment, download } = await conversationService.downloadAttachment(
    requireTenantPrincipal(request.principal),
    request.path.ticketId,
    request.path.attachmentId,
  );
  return {
    status: 200,
    body: { attachment: toAttachmentResource(attachment), download: toPresignedResource(download) },
  };
});
