/**
 * Composition root of the SLA functions: configuration parsed once, clients built once per
 * container, the SLA service and the timer adapter wired to them.
 */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { DynamoDbBreachNotificationWriter } from '../../shared/adapters/dynamodb/dynamodb-provider-inbox.ts';
import { DynamoDbSlaBreachActions } from '../../shared/adapters/dynamodb/dynamodb-sla-breach-actions.ts';
import { DynamoDbSlaRepository } from '../../shared/adapters/dynamodb/dynamodb-sla-repository.ts';
import { DynamoDbSlaTimers } from '../../shared/adapters/dynamodb/dynamodb-sla-timers.ts';
import { DynamoDbTicketSlaStanding } from '../../shared/adapters/dynamodb/dynamodb-ticket-sla-standing.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { SlaBreachActions } from '../../shared/domain/sla/sla-breach-actions.ts';
import { SlaBreachNotifier } from '../../shared/domain/sla/sla-breach-notify.ts';
import { SlaService } from '../../shared/domain/sla/sla-service.ts';

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);
const clientForTenant = async (tenantId: string) =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId });

export const slaService = new SlaService({
  repository: new DynamoDbSlaRepository({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  clock: systemClock,
  ids: ulidGenerator,
  // The provider queue sorts by the standing the tracker publishes on the ticket (no version change).
  standing: new DynamoDbTicketSlaStanding({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
});

export const slaTimers = new DynamoDbSlaTimers({
  tableName: config.GUICHET_TABLE_NAME,
  base: base.documentClient,
  clientForTenant,
});

export const clock = systemClock;
export const ids = ulidGenerator;

// Breach actions (#5): raise_priority on the ticket, once per breached milestone.
export const breachActions = new SlaBreachActions({
  store: new DynamoDbSlaBreachActions({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  now: () => systemClock.now(),
  nextId: () => ulidGenerator.next(),
});

// Breach action notify (#5): the team lead (or the team) in the provider inbox, once per breached
// milestone. Teams and agents are platform items (function role); the write is tenant-scoped.
const breachActionStore = new DynamoDbSlaBreachActions({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant,
});
const notificationWriter = new DynamoDbBreachNotificationWriter({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant,
});
export const breachNotifier = new SlaBreachNotifier({
  store: {
    getTicket: (tenantId, ticketId) => breachActionStore.getTicket(tenantId, ticketId),
    saveBreachNotifications: (tenantId, ticketId, milestoneKey, notifications) =>
      notificationWriter.saveBreachNotifications(tenantId, ticketId, milestoneKey, notifications),
  },
  directory: new DynamoDbOrganisationDirectory({
    tableName: config.GUICHET_TABLE_NAME,
    client: base.documentClient,
  }),
  now: () => systemClock.now(),
  nextId: () => ulidGenerator.next(),
});
