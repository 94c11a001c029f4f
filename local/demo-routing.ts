/**
 * The demo tenants' routing rules, written through the tenant rules store the API writes
 * (`PUT /v1/routing/rules`), not held in code the router reads: Acme sends ERP to its in-house
 * desk and network trouble to servicedesk-pro's L2 specialists, everything else to L1; Globex
 * sends everything to L1. Initech has none, so it shows the fallback derived from engagements.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTenantRulesStore } from '../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { routingRuleSchema } from '../shared/api/routing.ts';
import type { RoutingRule } from '../shared/domain/routing/routing-rules.ts';

export const demoRoutingRules: Readonly<Record<string, readonly RoutingRule[]>> = {
  acme: [
    {
      ruleId: 'erp-in-house',
      when: { services: ['erp'] },
      target: { providerId: 'acme-it', teamId: 'acme-it-desk' },
    },
    {
      ruleId: 'network-specialists',
      when: { categories: ['network'] },
      target: { providerId: 'servicedesk-pro', teamId: 'sdp-l2' },
    },
    { ruleId: 'everything-else', when: {}, target: { providerId: 'servicedesk-pro', teamId: 'sdp-l1' } },
  ],
  globex: [{ ruleId: 'everything', when: {}, target: { providerId: 'servicedesk-pro', teamId: 'sdp-l1' } }],
};

/** `client` is the stack's own: seeding happens before any tenant-scoped credential exists. */
export const seedDemoRoutingRules = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
): Promise<void> => {
  const store = new DynamoDbTenantRulesStore({
    tableName,
    clientForTenant: async () => client,
    list: 'ROUTING',
    ruleSchema: routingRuleSchema,
  });
  for (const [tenantId, rules] of Object.entries(demoRoutingRules)) {
    // Parsed with the API's schema: the demo rules are rules a tenant admin could have PUT.
    await store.replace(tenantId, routingRuleSchema.array().parse(rules), now.toISOString());
  }
};
