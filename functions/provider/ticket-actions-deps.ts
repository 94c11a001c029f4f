/**
 * Composition root of the provider's actions on tenant tickets: the tenant's own lifecycle and
 * conversation use cases (tenant-scoped clients), behind the engagement check (platform items,
 * function role) and the tenant's audit log.
 */
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { ProviderTicketActions } from '../../shared/domain/tickets/provider-ticket-actions.ts';
import { conversationService } from '../tickets/conversation-deps.ts';
import { config, tenantData, ticketRepository } from '../tickets/deps.ts';
import { lifecycleService } from '../tickets/lifecycle-deps.ts';
import { timeService } from '../tickets/time-entry-deps.ts';
import { engagements } from './deps.ts';

export const providerTicketActions = new ProviderTicketActions({
  engagements,
  tickets: ticketRepository,
  lifecycle: lifecycleService,
  conversation: conversationService,
  time: timeService,
  audit: new DynamoDbAuditLog({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  clock: systemClock,
  ids: ulidGenerator,
});
