/** POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/comments — a provider agent comments. */
import { commentOnProviderTicketOperation } from '../../shared/api/provider-ticket-actions.ts';
import { toCommentResource } from '../../shared/api/ticket-conversation.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { providerTicketActions } from './ticket-actions-deps.ts';

export const handler = httpOperation(
  'commentOnProviderTicket',
  commentOnProviderTicketOperation,
  async (request) => {
    const comment = await providerTicketActions.comment({
      principal: requireProviderPrincipal(request.principal),
      tenantId: request.path.tenantId,
      ticketId: request.path.ticketId,
      body: request.body.body,
      visibility: request.body.visibility,
      correlationId: request.correlationId,
    });
    return { status: 201, body: toCommentResource(comment) };
  },
);
