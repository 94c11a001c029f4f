/** POST /v1/tickets/{ticketId}/links — parent, child and related links, both ways. */
import { linkTicketOperation } from '../../shared/api/ticket-lifecycle.ts';
import { ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { lifecycleService } from './lifecycle-deps.ts';

export const handler = httpOperation('linkTicket', linkTicketOperation, async (request) => {
  const ticket = await lifecycleService.link({
    principal: requireTenantPrincipal(request.principal),
    ticketId: request.path.ticketId,
    kind: request.body.kind,
    otherTicketId: request.body.ticketId,
  });
  return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
});
