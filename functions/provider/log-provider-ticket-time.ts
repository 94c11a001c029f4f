/** POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/time-entries — a provider agent logs time. */
import { logProviderTicketTimeOperation } from '../../shared/api/provider-ticket-actions.ts';
import { toTimeEntryResource } from '../../shared/api/ticket-time-entries.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { providerTicketActions } from './ticket-actions-deps.ts';

export const handler = httpOperation(
  'logProviderTicketTime',
  logProviderTicketTimeOperation,
  async (request) => {
    const entry = await providerTicketActions.logTime({
      principal: requireProviderPrincipal(request.principal),
      tenantId: request.path.tenantId,
      ticketId: request.path.ticketId,
      input: request.body,
      correlationId: request.correlationId,
    });
    return { status: 201, body: toTimeEntryResource(entry) };
  },
);
