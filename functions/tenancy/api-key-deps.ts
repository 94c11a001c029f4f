/** Composition root of the API key functions (keys are platform items; audits are tenant data). */

import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/dynamodb-api-key-store.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { sha256Secrets } from '../../shared/adapters/sha256-secrets.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import type { ApiKey } from '../../shared/domain/tenancy/api-key.ts';
import { ApiKeyService } from '../../shared/domain/tenancy/api-key-service.ts';
import { permissionTable } from '../http-contexts.ts';

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);

export const apiKeyService = new ApiKeyService({
  keys: new DynamoDbApiKeyStore({ tableName: config.GUICHET_TABLE_NAME, client: base.documentClient }),
  audit: new DynamoDbAuditLog({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  secrets: sha256Secrets,
  clock: systemClock,
  ids: ulidGenerator,
  permissions: permissionTable,
});

/** Never the hash, never the owner (the caller's own organisation). */
export const apiKeyResource = ({ secretHash: _hash, owner: _owner, ...key }: ApiKey) => key;
