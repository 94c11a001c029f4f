/** POST /v1/tickets/{ticketId}/time-entries — an agent logs minutes of work (metered). */
import { logTicketTimeOperation, toTimeEntryResource } from '../../shared/api/ticket-time-entries.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { timeService } from './time-entry-deps.ts';

export const handler = httpOperation('logTicketTime', logTicketTimeOperation, async (request) => {
  const entry = await timeService.logTime({
    principal: requireTenantPrincipal(request.principal),
    ticketId: request.path.ticketId,
    input: request.body,
    correlationId: request.correlationId,
  });
  return { status: 201, body: toTimeEntryResource(entry) };
});
