/** GET /v1/tickets/{ticketId} */
import { getTicketOperation, ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { ticketService } from './deps.ts';

export const handler = httpOperation('getTicket', getTicketOperation, async (request) => {
  const ticket = await ticketService.get(requireTenantPrincipal(request.principal), request.path.ticketId);
  return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
});
