/** GET /v1/tickets — own tickets for requesters, the tenant's queue for agents. */
import { listTicketsOperation, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { pagedResponse } from '../../shared/http/paged-response.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { cursors, ticketService } from './deps.ts';

export const handler = httpOperation('listTickets', listTicketsOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  return pagedResponse({
    cursors,
    scope: { tenantId: principal.tenantId, userId: principal.userId, operation: 'listTickets' },
    query: request.query,
    fetchPage: (page) => ticketService.list(principal, page),
    toResource: toTicketResource,
  });
});
