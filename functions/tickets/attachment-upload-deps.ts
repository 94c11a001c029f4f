/** Composition root of upload completion: S3 is asked for the object, the table marks it stored. */
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbAttachmentStoredMarker } from '../../shared/adapters/dynamodb/dynamodb-attachment-stored-marker.ts';
import { DynamoDbConversationRepository } from '../../shared/adapters/dynamodb/dynamodb-conversation-repository.ts';
import { S3StoredObjectProbe } from '../../shared/adapters/s3/s3-stored-object-probe.ts';
import { ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { AttachmentUploadService } from '../../shared/domain/tickets/attachment-upload.ts';
import { config, tenantData, ticketRepository } from './deps.ts';

const clientForTenant = async (tenantId: string) =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId });

const s3 = new S3Client({
  region: config.AWS_REGION,
  ...(config.GUICHET_S3_ENDPOINT === undefined
    ? {}
    : { endpoint: config.GUICHET_S3_ENDPOINT, forcePathStyle: true }),
});

export const attachmentUploads = new AttachmentUploadService({
  tickets: ticketRepository,
  conversation: new DynamoDbConversationRepository({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  probe: new S3StoredObjectProbe({ s3, bucket: config.GUICHET_BUCKET_NAME }),
  marker: new DynamoDbAttachmentStoredMarker({ tableName: config.GUICHET_TABLE_NAME, clientForTenant }),
  ids: ulidGenerator,
});
