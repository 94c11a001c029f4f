/** GET /v1/tickets/{ticketId}/time-entries — the ticket's time entries (agents and admins). */
import { listTicketTimeEntriesOperation, toTimeEntryResource } from '../../shared/api/ticket-time-entries.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { timeService } from './time-entry-deps.ts';

export const handler = httpOperation(
  'listTicketTimeEntries',
  listTicketTimeEntriesOperation,
  async (request) => {
    const entries = await timeService.timeEntries(
      requireTenantPrincipal(request.principal),
      request.path.ticketId,
    );
    return { status: 200, body: { items: entries.map(toTimeEntryResource) } };
  },
);
