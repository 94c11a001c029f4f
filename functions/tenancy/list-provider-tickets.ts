/** GET /v1/provider/tickets */
import { listProviderTicketsOperation } from '../../shared/api/tenancy.ts';
import { toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('listProviderTickets', listProviderTicketsOperation, async (request) => {
  const tickets = await tenancyService.overviewForProvider(
    requireProviderPrincipal(request.principal),
    request.query.limit,
  );
  return {
    status: 200,
    body: { items: tickets.map((ticket) => ({ ...toTicketResource(ticket), tenantId: ticket.tenantId })) },
  };
});
