/**
 * DynamoDB implementation of the conversation port: comments and attachment records live in
 * the ticket's partition, read and written with tenant-scoped clients only.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OutgoingEvent } from '../../domain/shared/ports.ts';
import type { ConversationRepository } from '../../domain/tickets/conversation-ports.ts';
import {
  type TicketAttachment,
  type TicketComment,
  visibilities,
} from '../../domain/tickets/ticket-conversation.ts';
import {
  TICKET_ATTACHMENT_SK_PREFIX,
  TICKET_COMMENT_SK_PREFIX,
  ticketAttachmentKey,
  ticketCommentKey,
  ticketKeys,
} from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';

const commentSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  commentId: z.string(),
  authorId: z.string(),
  body: z.string(),
  visibility: z.enum(visibilities),
  createdAt: z.string(),
});

const attachmentSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  attachmentId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  visibility: z.enum(visibilities),
  uploadedBy: z.string(),
  createdAt: z.string(),
  objectKey: z.string(),
});

export class DynamoDbConversationRepository implements ConversationRepository {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async saveComment(comment: TicketComment, events: readonly OutgoingEvent[]): Promise<void> {
    const client = await this.#clientForTenant(comment.tenantId);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#tableName,
              Item: {
                ...ticketCommentKey(comment.tenantId, comment.ticketId, comment.createdAt, comment.commentId),
                entityType: 'TICKET_COMMENT',
                ...comment,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...events.map((event) => ({
            Put: { TableName: this.#tableName, Item: toOutboxItem(event, comment.createdAt) },
          })),
        ],
      }),
    );
  }

  async listComments(tenantId: string, ticketId: string): Promise<readonly TicketComment[]> {
    const items = await this.#queryPrefix(tenantId, ticketId, TICKET_COMMENT_SK_PREFIX);
    return items.map((item) => commentSchema.parse(item));
  }

  async saveAttachment(attachment: TicketAttachment): Promise<void> {
    const client = await this.#clientForTenant(attachment.tenantId);
    await client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...ticketAttachmentKey(attachment.tenantId, attachment.ticketId, attachment.attachmentId),
          entityType: 'TICKET_ATTACHMENT',
          ...attachment,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getAttachment(
    tenantId: string,
    ticketId: string,
    attachmentId: string,
  ): Promise<TicketAttachment | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: ticketAttachmentKey(tenantId, ticketId, attachmentId),
      }),
    );
    return result.Item === undefined ? undefined : attachmentSchema.parse(result.Item);
  }

  async listAttachments(tenantId: string, ticketId: string): Promise<readonly TicketAttachment[]> {
    const items = await this.#queryPrefix(tenantId, ticketId, TICKET_ATTACHMENT_SK_PREFIX);
    return items.map((item) => attachmentSchema.parse(item));
  }

  async #queryPrefix(tenantId: string, ticketId: string, prefix: string): Promise<Record<string, unknown>[]> {
    const client = await this.#clientForTenant(tenantId);
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    // Query pages stop at 1 MB: keep reading until the partition's prefix is exhausted.
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': ticketKeys(tenantId, ticketId).PK, ':prefix': prefix },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      items.push(...(result.Items ?? []));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return items;
  }
}
