/** GET /v1/tickets/{ticketId}/routing — the explained routing and assignment decision. */

import { getTicketRoutingOperation } from '../../shared/api/routing.ts';
import { NotFound } from '../../shared/domain/errors.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tickets } from './deps.ts';

export const handler = httpOperation('getTicketRouting', getTicketRoutingOperation, async (request) => {
  const { tenantId } = requireTenantPrincipal(request.principal);
  const record = await tickets.getRoutingRecord(tenantId, request.path.ticketId);
  if (record === undefined) throw new NotFound(`Ticket ${request.path.ticketId} has no routing decision`);
  return { status: 200, body: record };
});
