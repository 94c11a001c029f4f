/** Composition root of the provider inbox: read with the provider's scoped credentials (GSI3). */
import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbProviderInbox } from '../../shared/adapters/dynamodb/dynamodb-provider-inbox.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);

export const providerInbox = new DynamoDbProviderInbox({
  tableName: config.GUICHET_TABLE_NAME,
  clientForProvider: async (providerId) => tenantData.documentClientFor({ kind: 'provider', providerId }),
});

export const cursors = new CursorCodec(await loadCursorKey(config));
