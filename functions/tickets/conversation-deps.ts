/** Composition root of the conversation functions: comments in the table, attachments in S3. */
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbConversationRepository } from '../../shared/adapters/dynamodb/dynamodb-conversation-repository.ts';
import { S3AttachmentStorage } from '../../shared/adapters/s3/s3-attachment-storage.ts';
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { TicketConversationService } from '../../shared/domain/tickets/ticket-conversation-service.ts';
import { config, tenantData, ticketRepository } from './deps.ts';

const s3 = new S3Client({
  region: config.AWS_REGION,
  // Locally the objects live in fauxqs, which serves buckets by path, not by host name.
  ...(config.GUICHET_S3_ENDPOINT === undefined
    ? {}
    : { endpoint: config.GUICHET_S3_ENDPOINT, forcePathStyle: true }),
});

export const conversationService = new TicketConversationService({
  tickets: ticketRepository,
  conversation: new DynamoDbConversationRepository({
    tableName: config.GUICHET_TABLE_NAME,
    clientForTenant: async (tenantId) => tenantData.documentClientFor({ kind: 'tenant', tenantId }),
  }),
  storage: new S3AttachmentStorage({ s3, bucket: config.GUICHET_BUCKET_NAME }),
  clock: systemClock,
  ids: ulidGenerator,
});
