/**
 * GET /v1/provider/queue — one queue across every tenant engaging the caller's provider, within
 * each engagement's scope, in SLA order (see `shared/domain/queue/provider-queue.ts`).
 */
import { providerQueueOperation } from '../../shared/api/provider-queue.ts';
import { toTicketResource } from '../../shared/api/tickets.ts';
import { queueDueAt, queueScopesOf, queueSlaView } from '../../shared/domain/queue/provider-queue.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { clock, cursors, engagements, providerQueue } from './deps.ts';

export const handler = httpOperation('listProviderQueue', providerQueueOperation, async (request) => {
  const principal = requireProviderPrincipal(request.principal);
  const { query } = request;
  const filters = {
    tenantId: query.tenant,
    teamId: query.team,
    status: query.status,
    priority: query.priority,
    assigneeId: query.assignee,
  };
  // The cursor is bound to the provider, the user and the filters it was issued for.
  const scope = {
    tenantId: `provider:${principal.providerId}`,
    userId: principal.userId,
    operation: `listProviderQueue?${JSON.stringify(filters)}`,
  };
  const now = clock.now();
  const scopes = queueScopesOf(await engagements.activeEngagementsOfProvider(principal.providerId, now), now);
  const page = await providerQueue.read(principal.providerId, scopes, filters, {
    limit: query.limit,
    after: query.cursor === undefined ? undefined : cursors.decode(scope, query.cursor),
  });
  return {
    status: 200,
    body: {
      items: page.items.map((ticket) => ({
        ...toTicketResource(ticket),
        tenantId: ticket.tenantId,
        dueAt: queueDueAt(ticket),
        sla: queueSlaView(ticket, now),
      })),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
});
