/**
 * Composition root of the routing functions. Teams, agents and engagements come from tenancy's
 * organisation directory (platform items, function role), cached per container for a short TTL;
 * business hours from the tenant's SLA calendars (tenant-scoped); rules from the tenant's own list.
 */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbAgentLoadLedger } from '../../shared/adapters/dynamodb/dynamodb-agent-load-ledger.ts';
import { DynamoDbAssignmentStateStore } from '../../shared/adapters/dynamodb/dynamodb-assignment-state-store.ts';
import { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { DynamoDbSlaRepository } from '../../shared/adapters/dynamodb/dynamodb-sla-repository.ts';
import { DynamoDbTenantRulesStore } from '../../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { DynamoDbTicketRepository } from '../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import { OrganisationRoutingDirectory } from '../../shared/adapters/routing/organisation-routing-directory.ts';
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

/** The tenant's business calendars: the SLA engine's, which the tenant manages. */
export const calendars = new DynamoDbSlaRepository({ tableName: config.GUICHET_TABLE_NAME, clientForTenant });

const directory = new OrganisationRoutingDirectory({
  organisations: new DynamoDbOrganisationDirectory({
    tableName: config.GUICHET_TABLE_NAME,
    client: base.documentClient,
  }),
  ttlMs: config.GUICHET_DIRECTORY_CACHE_TTL_SECONDS * 1000,
});

export const clock = systemClock;

export const router = new TicketRouter({
  tickets,
  rulesOf: (tenantId) => routingRules.read(tenantId),
  calendarOf: (tenantId, calendarId) => calendars.findCalendar(tenantId, calendarId),
  directory,
  assignmentState: new DynamoDbAssignmentStateStore({
    tableName: config.GUICHET_TABLE_NAME,
    client: base.documentClient,
  }),
  clock: systemClock,
  ids: ulidGenerator,
});

/** Agents' loads released and restored by the lifecycle's status moves, once per event. */
export const agentLoads = new DynamoDbAgentLoadLedger({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
  nowSeconds: () => Math.floor(systemClock.now().getTime() / 1000),
});
