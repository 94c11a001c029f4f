/** GET /v1/provider/queue — one queue across every tenant engaging the caller's provider. */

import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbProviderQueue } from '../../shared/adapters/dynamodb/dynamodb-provider-queue.ts';
import { providerQueueOperation } from '../../shared/api/provider-queue.ts';
import { toTicketResource } from '../../shared/api/tickets.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { Forbidden } from '../../shared/domain/errors.ts';
import { queueDueAt } from '../../shared/domain/queue/provider-queue.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);
const queue = new DynamoDbProviderQueue({
  tableName: config.GUICHET_TABLE_NAME,
  clientForProvider: async (providerId) => tenantData.documentClientFor({ kind: 'provider', providerId }),
});
const cursors = new CursorCodec(await loadCursorKey(config));

export const handler = httpOperation('listProviderQueue', providerQueueOperation, async (request) => {
  const { principal, query } = request;
  if (principal.kind !== 'provider') throw new Forbidden('The provider queue is for provider users');
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
  const page = await queue.read(principal.providerId, filters, {
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
      })),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
});
