/** POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/transitions — a provider agent moves a ticket. */
import { transitionProviderTicketOperation } from '../../shared/api/provider-ticket-actions.ts';
import { ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { providerTicketActions } from './ticket-actions-deps.ts';

export const handler = httpOperation(
  'transitionProviderTicket',
  transitionProviderTicketOperation,
  async (request) => {
    const ticket = await providerTicketActions.transition({
      principal: requireProviderPrincipal(request.principal),
      tenantId: request.path.tenantId,
      ticketId: request.path.ticketId,
      request: { to: request.body.to, reason: request.body.reason },
      expectedVersion: request.headers['if-match'],
      correlationId: request.correlationId,
    });
    return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
  },
);
