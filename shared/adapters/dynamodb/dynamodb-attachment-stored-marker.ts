/**
 * Marks an attachment stored (size and instant from object storage) and writes its
 * `AttachmentStored` outbox event in one transaction, once: the condition on `storedAt` makes a
 * repeated completion a no-op, so the storage meter sees one event per object.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutgoingEvent } from '../../domain/shared/ports.ts';
import type { AttachmentStoredMarker, StoredObject } from '../../domain/tickets/attachment-upload.ts';
import type { TicketAttachment } from '../../domain/tickets/ticket-conversation.ts';
import { ticketAttachmentKey } from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';

export class DynamoDbAttachmentStoredMarker implements AttachmentStoredMarker {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async markStored(
    attachment: TicketAttachment,
    stored: StoredObject,
    events: readonly OutgoingEvent[],
  ): Promise<boolean> {
    const client = await this.#clientForTenant(attachment.tenantId);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#tableName,
                Key: ticketAttachmentKey(attachment.tenantId, attachment.ticketId, attachment.attachmentId),
                UpdateExpression: 'SET storedBytes = :bytes, storedAt = :at',
                ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(storedAt)',
                ExpressionAttributeValues: { ':bytes': stored.bytes, ':at': stored.storedAt },
              },
            },
            ...events.map((event) => ({
              Put: { TableName: this.#tableName, Item: toOutboxItem(event, stored.storedAt) },
            })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        return false;
      }
      throw error;
    }
  }
}
