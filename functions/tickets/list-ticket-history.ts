/** GET /v1/tickets/{ticketId}/history — every committed change of a ticket. */
import { listTicketHistoryOperation, toHistoryEntryResource } from '../../shared/api/ticket-lifecycle.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { lifecycleService } from './lifecycle-deps.ts';

export const handler = httpOperation('listTicketHistory', listTicketHistoryOperation, async (request) => {
  const entries = await lifecycleService.history(
    requireTenantPrincipal(request.principal),
    request.path.ticketId,
  );
  return { status: 200, body: { items: entries.map(toHistoryEntryResource) } };
});
