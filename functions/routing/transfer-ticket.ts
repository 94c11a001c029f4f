/** POST /v1/tickets/{ticketId}/transfer — to a team of another (or the same) engaged provider. */

import { transferTicketOperation } from '../../shared/api/ticket-transfer.ts';
import { ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { router } from './deps.ts';

export const handler = httpOperation('transferTicket', transferTicketOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const ticket = await router.transfer({
    tenantId: principal.tenantId,
    ticketId: request.path.ticketId,
    expectedVersion: request.headers['if-match'],
    actorId: principal.userId,
    correlationId: request.correlationId,
    providerId: request.body.providerId,
    teamId: request.body.teamId,
    reason: request.body.reason,
  });
  return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
});
