/** GET /v1/tickets/{ticketId}/sla: the ticket's clocks as of now (agents and admins). */
import { getTicketSlaOperation, toTicketSlaResource } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('getTicketSla', getTicketSlaOperation, async (request) => {
  const sla = await slaService.ticketSla(requireTenantPrincipal(request.principal), request.path.ticketId);
  return { status: 200, body: toTicketSlaResource(request.path.ticketId, sla) };
});
