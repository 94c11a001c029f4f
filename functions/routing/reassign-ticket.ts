/** POST /v1/tickets/{ticketId}/assignment — manual assign/reassign, or escalation to the next tier. */
import { reassignTicketOperation } from '../../shared/api/routing.ts';
import { ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { router } from './deps.ts';

export const handler = httpOperation('reassignTicket', reassignTicketOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const ticket = await router.reassign({
    tenantId: principal.tenantId,
    ticketId: request.path.ticketId,
    expectedVersion: request.headers['if-match'],
    actorId: principal.userId,
    correlationId: request.correlationId,
    to:
      'assigneeId' in request.body
        ? { kind: 'agent', agentId: request.body.assigneeId }
        : { kind: 'next_tier' },
  });
  return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
});
