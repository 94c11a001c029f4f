/** Composition root of the catalogue functions. */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbCatalogueRepository } from '../../shared/adapters/dynamodb/dynamodb-catalogue-repository.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { CatalogueService } from '../../shared/domain/catalogue/catalogue-item.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);

export const catalogueService = new CatalogueService({
  repository: new DynamoDbCatalogueRepository({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  clock: systemClock,
});
