/** Composition root of the time-tracking functions: entries in the ticket's partition. */
import { DynamoDbTimeEntryRepository } from '../../shared/adapters/dynamodb/dynamodb-time-entry-repository.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { TicketTimeService } from '../../shared/domain/tickets/ticket-time-service.ts';
import { config, tenantData, ticketRepository } from './deps.ts';

export const timeService = new TicketTimeService({
  tickets: ticketRepository,
  timeEntries: new DynamoDbTimeEntryRepository({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  clock: systemClock,
  ids: ulidGenerator,
});
