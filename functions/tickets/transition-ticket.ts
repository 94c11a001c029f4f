/** POST /v1/tickets/{ticketId}/transitions — move a ticket through its lifecycle. */
import { transitionTicketOperation } from '../../shared/api/ticket-lifecycle.ts';
import { ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { lifecycleService } from './lifecycle-deps.ts';

export const handler = httpOperation('transitionTicket', transitionTicketOperation, async (request) => {
  const ticket = await lifecycleService.transition({
    principal: requireTenantPrincipal(request.principal),
    ticketId: request.path.ticketId,
    request: { to: request.body.to, reason: request.body.reason },
    expectedVersion: request.headers['if-match'],
    correlationId: request.correlationId,
  });
  return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
});
