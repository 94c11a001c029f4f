/** Composition root of the notification functions. */

import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbNotificationRepository } from '../../shared/adapters/dynamodb/dynamodb-notification-repository.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);

export const notifications = new DynamoDbNotificationRepository({
  tableName: config.GUICHET_TABLE_NAME,
  clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
});

export const cursors = new CursorCodec(await loadCursorKey(config));
