/** GET /v1/tickets/{ticketId}/comments — internal comments only for agents. */
import { listTicketCommentsOperation, toCommentResource } from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { conversationService } from './conversation-deps.ts';

export const handler = httpOperation('listTicketComments', listTicketCommentsOperation, async (request) => {
  const comments = await conversationService.comments(
    requireTenantPrincipal(request.principal),
    request.path.ticketId,
  );
  return { status: 200, body: { items: comments.map(toCommentResource) } };
});
