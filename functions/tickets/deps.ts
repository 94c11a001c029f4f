/**
 * Composition root of the tickets functions: configuration parsed once, clients built once
 * per container, the domain service wired to its adapters. Tests build the same service with
 * other adapters instead of mocking modules.
 */

import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbCatalogueRepository } from '../../shared/adapters/dynamodb/dynamodb-catalogue-repository.ts';
import { DynamoDbTenantRulesStore } from '../../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { DynamoDbTicketRepository } from '../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { triageRuleSchema } from '../../shared/api/triage.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { TicketService } from '../../shared/domain/tickets/ticket-service.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

export const config = loadRuntimeConfig();
export const { tenantData } = createDataClients(config);

export const ticketRepository = new DynamoDbTicketRepository({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
});

// Triage (#4): the tenant's keyword rules, read at intake.
const triageRuleStore = new DynamoDbTenantRulesStore({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  list: 'TRIAGE',
  ruleSchema: triageRuleSchema,
});

// Billing meters (#6): a service request may order an item of the tenant's catalogue.
const catalogue = new DynamoDbCatalogueRepository({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
});

export const ticketService = new TicketService({
  tickets: ticketRepository,
  triageRules: (tenantId) => triageRuleStore.read(tenantId),
  catalogueItem: (tenantId, itemId) => catalogue.get(tenantId, itemId),
  clock: systemClock,
  ids: ulidGenerator,
});

export const cursors = new CursorCodec(await loadCursorKey(config));
