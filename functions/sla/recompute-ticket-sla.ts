/** POST /v1/tickets/{ticketId}/sla/recompute: SLA repair by replay (tenant admins). */
import { recomputeTicketSlaOperation, toTicketSlaResource } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('recomputeTicketSla', recomputeTicketSlaOperation, async (request) => {
  const sla = await slaService.recompute(requireTenantPrincipal(request.principal), request.path.ticketId, {
    adoptLatestPolicy: request.body.adoptLatestPolicy,
  });
  return { status: 200, body: toTicketSlaResource(request.path.ticketId, sla) };
});
