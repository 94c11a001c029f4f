/**
 * Composition root of the provider's desk functions: the engagement directory (platform items,
 * function role), the provider queue (provider-scoped credentials, GSI3 partitions only), and
 * the cursor codec.
 */
import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { DynamoDbProviderQueue } from '../../shared/adapters/dynamodb/dynamodb-provider-queue.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

export const config = loadRuntimeConfig();
export const { base, tenantData } = createDataClients(config);

export const engagements = new DynamoDbOrganisationDirectory({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
});

export const providerQueue = new DynamoDbProviderQueue({
  tableName: config.GUICHET_TABLE_NAME,
  clientForProvider: async (providerId) => tenantData.documentClientFor({ kind: 'provider', providerId }),
});

export const cursors = new CursorCodec(await loadCursorKey(config));
export const clock = systemClock;
