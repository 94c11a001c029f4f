/** GET /v1/tickets/{ticketId}/attachments — internal attachments only for agents. */
import { listAttachmentsOperation, toAttachmentResource } from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { conversationService } from './conversation-deps.ts';

export const handler = httpOperation('listTicketAttachments', listAttachmentsOperation, async (request) => {
  const attachments = await conversationService.attachments(
    requireTenantPrincipal(request.principal),
    request.path.ticketId,
  );
  return { status: 200, body: { items: attachments.map(toAttachmentResource) } };
});
