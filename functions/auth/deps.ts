/**
 * Composition root of the authoriser: directory reads with the function's own (platform-only)
 * role; API key use is recorded on the key (platform item) and in the owning tenant's audit
 * log (tenant-scoped credentials).
 */

import { TokenVerifier } from '../../shared/adapters/auth/token-verifier.ts';
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
});
