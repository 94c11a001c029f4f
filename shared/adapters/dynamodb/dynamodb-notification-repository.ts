/** DynamoDB implementation of the notification inbox, through tenant-scoped clients. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Notification, NotificationRepository } from '../../domain/notifications/notification.ts';
import type { Page, PageRequest } from '../../domain/shared/ports.ts';
import type { TenantClientResolver } from './dynamodb-ticket-repository.ts';
import { notificationKeys, notificationPartition } from './keys.ts';

const notificationItemSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  notificationId: z.string(),
  kind: z.literal('ticket_received'),
  ticketId: z.string(),
  message: z.string(),
  occurredAt: z.string(),
  readAt: z.string().nullable(),
  SK: z.string(),
});

export class DynamoDbNotificationRepository implements NotificationRepository {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: { tableName: string; clientForTenant: TenantClientResolver }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async record(notification: Notification): Promise<'recorded' | 'already-recorded'> {
    const client = await this.#clientForTenant(notification.tenantId);
    try {
      await client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...notificationKeys(
              notification.tenantId,
              notification.userId,
              notification.occurredAt,
              notification.notificationId,
            ),
            entityType: 'NOTIFICATION',
            ...notification,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'already-recorded';
      throw error;
    }
  }

  async listForUser(tenantId: string, userId: string, page: PageRequest): Promise<Page<Notification>> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression:
          page.after === undefined
            ? 'PK = :pk AND begins_with(SK, :prefix)'
            : 'PK = :pk AND SK BETWEEN :prefix AND :after',
        ExpressionAttributeValues: {
          ':pk': notificationPartition(tenantId, userId),
          ':prefix': 'NOTIFICATION#',
          ...(page.after === undefined ? {} : { ':after': page.after }),
        },
        ScanIndexForward: false,
        // BETWEEN includes the position itself, read one more so a full page remains after dropping it.
        Limit: page.limit + 1 + (page.after === undefined ? 0 : 1),
      }),
    );
    const items = (result.Items ?? [])
      .map((item) => notificationItemSchema.parse(item))
      .filter((item) => item.SK !== page.after);
    const pageItems = items.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems.map(({ SK: _sortKey, ...notification }) => notification),
      nextPosition: items.length > page.limit && last !== undefined ? last.SK : undefined,
    };
  }
}
