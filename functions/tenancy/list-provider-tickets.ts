/** GET /v1/provider/tickets: engaged tenants' tickets, merged newest first, paged. */
import { listProviderTicketsOperation } from '../../shared/api/tenancy.ts';
import { toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { pagedResponse } from '../../shared/http/paged-response.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { cursors, tenancyService } from './deps.ts';

export const handler = httpOperation('listProviderTickets', listProviderTicketsOperation, async (request) => {
  const principal = requireProviderPrincipal(request.principal);
  return pagedResponse({
    cursors,
    // The cursor names tenants' queue positions: bound to this provider and user.
    scope: {
      tenantId: `provider:${principal.providerId}`,
      userId: principal.userId,
      operation: 'listProviderTickets',
    },
    query: request.query,
    fetchPage: (page) => tenancyService.providerTickets(principal, page),
    toResource: (ticket) => ({ ...toTicketResource(ticket), tenantId: ticket.tenantId }),
  });
});
