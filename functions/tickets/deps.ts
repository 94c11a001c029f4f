/**
 * Composition root of the tickets context: configuration parsed once, clients built once per
 * container (on the first request, not at import), the use cases wired to their adapters.
 * Tests build the same services with other adapters instead of mocking modules.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { loadCursorKey } from '../../shared/adapters/aws/cursor-key.ts';
import { createDataClients, type TenantDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbAttachmentStoredMarker } from '../../shared/adapters/dynamodb/dynamodb-attachment-stored-marker.ts';
import { DynamoDbCatalogueRepository } from '../../shared/adapters/dynamodb/dynamodb-catalogue-repository.ts';
import { DynamoDbConversationRepository } from '../../shared/adapters/dynamodb/dynamodb-conversation-repository.ts';
import { DynamoDbNotificationRepository } from '../../shared/adapters/dynamodb/dynamodb-notification-repository.ts';
import { DynamoDbTenantRulesStore } from '../../shared/adapters/dynamodb/dynamodb-tenant-rules-store.ts';
import { DynamoDbTicketRepository } from '../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import { DynamoDbTimeEntryRepository } from '../../shared/adapters/dynamodb/dynamodb-time-entry-repository.ts';
import { S3AttachmentStorage } from '../../shared/adapters/s3/s3-attachment-storage.ts';
import { S3StoredObjectProbe } from '../../shared/adapters/s3/s3-stored-object-probe.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { triageRuleSchema } from '../../shared/api/triage.ts';
import { loadRuntimeConfig, type RuntimeConfig } from '../../shared/config/runtime-config.ts';
import { AttachmentUploadService } from '../../shared/domain/tickets/attachment-upload.ts';
import { TicketConversationService } from '../../shared/domain/tickets/ticket-conversation-service.ts';
import { TicketLifecycleService } from '../../shared/domain/tickets/ticket-lifecycle-service.ts';
import { TicketService } from '../../shared/domain/tickets/ticket-service.ts';
import { TicketTimeService } from '../../shared/domain/tickets/ticket-time-service.ts';
import { CursorCodec } from '../../shared/http/cursor-codec.ts';

/**
 * The ticket use cases over tenant-scoped clients. Exported apart from the context's deps
 * because the provider context runs the same use cases on tenant tickets behind its own checks.
 */
export const buildTicketServices = (config: RuntimeConfig, tenantData: TenantDataClients) => {
  const tableName = config.GUICHET_TABLE_NAME;
  const clientForTenant = async (tenantId: string) =>
    tenantData.documentClientFor({ kind: 'tenant', tenantId });
  const tickets = new DynamoDbTicketRepository({ tableName, clientForTenant });
  const conversation = new DynamoDbConversationRepository({ tableName, clientForTenant });
  // Locally the objects live in fauxqs, which serves buckets by path, not by host name.
  const s3 = new S3Client({
    region: config.AWS_REGION,
    ...(config.GUICHET_S3_ENDPOINT === undefined
      ? {}
      : { endpoint: config.GUICHET_S3_ENDPOINT, forcePathStyle: true }),
  });
  const triageRules = new DynamoDbTenantRulesStore({
    tableName,
    clientForTenant,
    list: 'TRIAGE',
    ruleSchema: triageRuleSchema,
  });
  const catalogue = new DynamoDbCatalogueRepository({ tableName, clientForTenant });
  return {
    tickets,
    triageRules,
    intake: new TicketService({
      tickets,
      triageRules: (tenantId) => triageRules.read(tenantId),
      catalogueItem: (tenantId, itemId) => catalogue.get(tenantId, itemId),
      clock: systemClock,
      ids: ulidGenerator,
    }),
    lifecycle: new TicketLifecycleService({ tickets, clock: systemClock, ids: ulidGenerator }),
    conversation: new TicketConversationService({
      tickets,
      conversation,
      storage: new S3AttachmentStorage({ s3, bucket: config.GUICHET_BUCKET_NAME }),
      clock: systemClock,
      ids: ulidGenerator,
    }),
    attachmentUploads: new AttachmentUploadService({
      tickets,
      conversation,
      probe: new S3StoredObjectProbe({ s3, bucket: config.GUICHET_BUCKET_NAME }),
      marker: new DynamoDbAttachmentStoredMarker({ tableName, clientForTenant }),
      ids: ulidGenerator,
    }),
    time: new TicketTimeService({
      tickets,
      timeEntries: new DynamoDbTimeEntryRepository({ tableName, clientForTenant }),
      clock: systemClock,
      ids: ulidGenerator,
    }),
    notifications: new DynamoDbNotificationRepository({ tableName, clientForTenant }),
  };
};

export const createTicketsDeps = async (config: RuntimeConfig = loadRuntimeConfig()) => {
  const { tenantData } = createDataClients(config);
  return {
    ...buildTicketServices(config, tenantData),
    cursors: new CursorCodec(await loadCursorKey(config)),
    clock: systemClock,
  };
};

export type TicketsDeps = Awaited<ReturnType<typeof createTicketsDeps>>;
