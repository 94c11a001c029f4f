/** Composition root of the triage functions: the tenant's triage rules store. */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbTenantRulesStore } from '../../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { triageRuleSchema } from '../../shared/api/triage.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);

export const triageRules = new DynamoDbTenantRulesStore({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  list: 'TRIAGE',
  ruleSchema: triageRuleSchema,
});

export const clock = systemClock;
