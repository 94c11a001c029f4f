/**
 * DynamoDB implementation of the conversation port: comments and attachment records live in
 * the ticket's partition, read and written with tenant-scoped clients only.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
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
  ticketFirstResponseKey,
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

/** Attempts at a first-response claim that lost a transaction conflict to a concurrent comment. */
const MAX_CLAIM_ATTEMPTS = 5;

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

  async saveComment(
    comment: TicketComment,
    events: readonly OutgoingEvent[],
    firstResponse?: OutgoingEvent,
  ): Promise<{ readonly firstResponse: boolean }> {
    if (firstResponse === undefined) {
      await this.#writeComment(comment, events, []);
      return { firstResponse: false };
    }
    const claim = [
      {
        Put: {
          TableName: this.#tableName,
          Item: {
            ...ticketFirstResponseKey(comment.tenantId, comment.ticketId),
            entityType: 'TICKET_FIRST_RESPONSE',
            commentId: comment.commentId,
            authorId: comment.authorId,
            at: comment.createdAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      { Put: { TableName: this.#tableName, Item: toOutboxItem(firstResponse, comment.createdAt) } },
    ];
    // Two agents answering at once contend for the claim: DynamoDB cancels one transaction with
    // TransactionConflict, which is retried; the loser then sees the claim taken.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#writeComment(comment, events, claim);
        return { firstResponse: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [commentReason, claimReason] = error.CancellationReasons ?? [];
        // The claim is item 1 (after the comment): an earlier comment was the first response.
        if (
          claimReason?.Code === 'ConditionalCheckFailed' &&
          commentReason?.Code !== 'ConditionalCheckFailed'
        ) {
          await this.#writeComment(comment, events, []);
          return { firstResponse: false };
        }
        const conflicted = (error.CancellationReasons ?? []).some(
          (reason) => reason.Code === 'TransactionConflict',
        );
        if (!conflicted || attempt >= MAX_CLAIM_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  async #writeComment(
    comment: TicketComment,
    events: readonly OutgoingEvent[],
    claim: readonly NonNullable<TransactWriteCommandInput['TransactItems']>[number][],
  ): Promise<void> {
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
          ...claim,
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
