/**
 * Composition root of the routing functions. The directory is the seeded one until tenancy's
 * (#3) lands: replace `directory` here and nothing else changes.
 */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbAssignmentStateStore } from '../../shared/adapters/dynamodb/dynamodb-assignment-state-store.ts';
import { DynamoDbTenantRulesStore } from '../../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { DynamoDbTicketRepository } from '../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import {
  demoRoutingSeed,
  SeededRoutingDirectory,
} from '../../shared/adapters/routing/seeded-routing-directory.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { routingRuleSchema } from '../../shared/api/routing.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { TicketRouter } from '../../shared/domain/routing/ticket-router.ts';

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);
const clientForTenant = async (tenantId: string) =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId });

export const tickets = new DynamoDbTicketRepository({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant,
});

export const routingRules = new DynamoDbTenantRulesStore({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant,
  list: 'ROUTING',
  ruleSchema: routingRuleSchema,
});

const directory = new SeededRoutingDirectory(demoRoutingSeed);

export const clock = systemClock;

export const router = new TicketRouter({
  tickets,
  rulesOf: (tenantId) => routingRules.read(tenantId),
  defaultRulesOf: (tenantId) => directory.defaultRulesOf(tenantId),
  businessHoursOf: (tenantId) => directory.businessHoursOf(tenantId),
  directory,
  assignmentState: new DynamoDbAssignmentStateStore({
    tableName: config.GUICHET_TABLE_NAME,
    client: base.documentClient,
  }),
  clock: systemClock,
  ids: ulidGenerator,
});
