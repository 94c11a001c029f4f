/** GET /v1/provider/tenants/{tenantId}/tickets/{ticketId} */
import { getProviderTicketOperation } from '../../shared/api/tenancy.ts';
import { toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('getProviderTicket', getProviderTicketOperation, async (request) => {
  const ticket = await tenancyService.readTicketAsProvider(
    requireProviderPrincipal(request.principal),
    request.path.tenantId,
    request.path.ticketId,
  );
  return { status: 200, body: toTicketResource(ticket) };
});
