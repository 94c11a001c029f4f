/** POST /v1/tickets/{ticketId}/comments */
import { addTicketCommentOperation, toCommentResource } from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { conversationService } from './conversation-deps.ts';

export const handler = httpOperation('addTicketComment', addTicketCommentOperation, async (request) => {
  const comment = await conversationService.comment({
    principal: requireTenantPrincipal(request.principal),
    ticketId: request.path.ticketId,
    body: request.body.body,
    visibility: request.body.visibility,
    correlationId: request.correlationId,
  });
  return { status: 201, body: toCommentResource(comment) };
});
