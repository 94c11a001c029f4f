/**
 * Composition root of the tenancy functions: the organisation directory reads and writes
 * platform items with the function's own role; the audit log and ticket reads go through
 * tenant-scoped clients, like every other access to tenant data.
 */

import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { DynamoDbTicketRepository } from '../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { TenancyService } from '../../shared/domain/tenancy/tenancy-service.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

const config = loadRuntimeConfig();
const { base, tenantData } = createDataClients(config);
const clientForTenant = async (tenantId: string) =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId });

export const auditLog = new DynamoDbAuditLog({ tableName: config.GUICHET_TABLE_NAME, clientForTenant });

export const tenancyDeps = {
  directory: new DynamoDbOrganisationDirectory({
    tableName: config.GUICHET_TABLE_NAME,
    client: base.documentClient,
  }),
  audit: auditLog,
  tickets: new DynamoDbTicketRepository({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  clock: systemClock,
  ids: ulidGenerator,
};

export const tenancyService = new TenancyService(tenancyDeps);

export const cursors = new CursorCodec(await loadCursorKey(config));
