/**
 * Composition root of the authoriser: directory reads with the function's own (platform-only)
 * role; API key use is recorded on the key (platform item) and in the owning tenant's audit
 * log (tenant-scoped credentials). The shared usage-plan keys (providers', platform's) are read
 * from API Gateway by the ids the stack gives (`infra/constructs/shared-usage-keys.ts`).
 */

import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { z } from 'zod';
import { TokenVerifier } from '../../shared/adapters/auth/token-verifier.ts';
import { ApiGatewaySharedUsageKeys } from '../../shared/adapters/aws/api-gateway-shared-usage-keys.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { DynamoDbDirectory } from '../../shared/adapters/dynamodb/dynamodb-directory.ts';
import { sha256Secrets } from '../../shared/adapters/sha256-secrets.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { ApiKeyService } from '../../shared/domain/tenancy/api-key-service.ts';

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);

export const directory = new DynamoDbDirectory({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
});
export const tokenVerifier = new TokenVerifier((issuer) => directory.getIssuer(issuer));

export const apiKeys = new ApiKeyService({
  keys: new DynamoDbApiKeyStore({ tableName: config.GUICHET_TABLE_NAME, client: base.documentClient }),
  audit: new DynamoDbAuditLog({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  secrets: sha256Secrets,
  clock: systemClock,
  ids: ulidGenerator,
  // The authoriser only authenticates keys; an empty table would refuse any it tried to issue.
  permissions: {},
});

const usageKeysConfigSchema = z.object({
  /** `{"provider":"<api key id>","platform":"<api key id>"}`, set by the stack. */
  GUICHET_SHARED_USAGE_KEY_IDS: z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.object({ provider: z.string().min(1), platform: z.string().min(1) })),
  /** Local stack only: its stand-in for API Gateway's management API. */
  GUICHET_APIGATEWAY_ENDPOINT: z.url().optional(),
});
const usageKeysConfig = usageKeysConfigSchema.safeParse(process.env);
if (!usageKeysConfig.success) {
  const problems = usageKeysConfig.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid authoriser configuration: ${problems.join('; ')}`);
}
const { GUICHET_APIGATEWAY_ENDPOINT, GUICHET_SHARED_USAGE_KEY_IDS } = usageKeysConfig.data;

export const sharedUsageKeys = new ApiGatewaySharedUsageKeys({
  client: new APIGatewayClient({
    region: config.AWS_REGION,
    ...(GUICHET_APIGATEWAY_ENDPOINT === undefined ? {} : { endpoint: GUICHET_APIGATEWAY_ENDPOINT }),
  }),
  keyIds: GUICHET_SHARED_USAGE_KEY_IDS,
});
