/** GET /v1/tickets — own tickets for requesters, the tenant's queue for agents. */
import { listTicketsOperation, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { cursors, ticketService } from './deps.ts';

export const handler = httpOperation('listTickets', listTicketsOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const scope = { tenantId: principal.tenantId, userId: principal.userId, operation: 'listTickets' };
  const page = await ticketService.list(principal, {
    limit: request.query.limit,
    after: request.query.cursor === undefined ? undefined : cursors.decode(scope, request.query.cursor),
  });
  return {
    status: 200,
    body: {
      items: page.items.map(toTicketResource),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
});
