/**
 * Composition root of the provider's actions on tenant tickets: the tenant's own lifecycle and
 * conversation use cases (tenant-scoped clients), behind the engagement check (platform items,
 * function role) and the tenant's audit log.
 */
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { ProviderTicketActions } from '../../shared/domain/tickets/provider-ticket-actions.ts';
import { buildTicketServices } from '../tickets/deps.ts';
import { config, engagements, tenantData } from './deps.ts';

const ticketServices = buildTicketServices(config, tenantData);

export const providerTicketActions = new ProviderTicketActions({
  engagements,
  tickets: ticketServices.tickets,
  lifecycle: ticketServices.lifecycle,
  conversation: ticketServices.conversation,
  time: ticketServices.time,
  audit: new DynamoDbAuditLog({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  clock: systemClock,
  ids: ulidGenerator,
});
