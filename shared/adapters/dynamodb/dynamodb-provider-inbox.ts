/**
 * DynamoDB provider inbox. Written with the TENANT's scoped credentials (the notification is
 * about a tenant's ticket and lives in the tenant's `PROVIDER_INBOX` partition, in the same
 * transaction as the breach marker); read with PROVIDER-scoped credentials through GSI3
 * (`PROVIDER#<id>#INBOX#<user>`), which is all a provider session may query.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type {
  ProviderInbox,
  ProviderNotification,
} from '../../domain/notifications/provider-notification.ts';
import type { Page, PageRequest } from '../../domain/shared/ports.ts';
import {
  providerInboxPartition,
  providerInboxSortKey,
  providerNotificationKeys,
  slaBreachActionKeys,
} from './keys.ts';

const providerNotificationItemSchema = z.object({
  providerId: z.string(),
  userId: z.string(),
  notificationId: z.string(),
  kind: z.literal('sla_breached'),
  tenantId: z.string(),
  ticketId: z.string(),
  message: z.string(),
  occurredAt: z.string(),
  readAt: z.string().nullable(),
  GSI3SK: z.string(),
});

export const toProviderNotificationItem = (notification: ProviderNotification) => ({
  ...providerNotificationKeys(
    notification.tenantId,
    notification.providerId,
    notification.userId,
    notification.notificationId,
  ),
  GSI3PK: providerInboxPartition(notification.providerId, notification.userId),
  GSI3SK: providerInboxSortKey(notification.occurredAt, notification.tenantId, notification.notificationId),
  entityType: 'PROVIDER_NOTIFICATION',
  ...notification,
});

/** Writes a breach's notifications with its (notify, milestone) marker, once. */
export class DynamoDbBreachNotificationWriter {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async saveBreachNotifications(
    tenantId: string,
    ticketId: string,
    milestoneKey: string,
    notifications: readonly ProviderNotification[],
  ): Promise<'saved' | 'done'> {
    const client = await this.#clientForTenant(tenantId);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...slaBreachActionKeys(tenantId, ticketId, 'notify', milestoneKey),
                  entityType: 'SLA_BREACH_ACTION',
                  at: notifications[0]?.occurredAt ?? null,
                  notified: notifications.map((notification) => notification.userId),
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            ...notifications.map((notification) => ({
              Put: {
                TableName: this.#tableName,
                Item: toProviderNotificationItem(notification),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            })),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return 'done';
      throw error;
    }
  }
}

export class DynamoDbProviderInbox implements ProviderInbox {
  readonly #tableName: string;
  readonly #clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForProvider = options.clientForProvider;
  }

  async listForUser(
    providerId: string,
    userId: string,
    page: PageRequest,
  ): Promise<Page<ProviderNotification>> {
    const client = await this.#clientForProvider(providerId);
    const result = await client.send(
      new QueryCommand({
        TableName: this.#tableName,
        IndexName: 'GSI3',
        KeyConditionExpression:
          page.after === undefined ? 'GSI3PK = :pk' : 'GSI3PK = :pk AND GSI3SK < :after',
        ExpressionAttributeValues: {
          ':pk': providerInboxPartition(providerId, userId),
          ...(page.after === undefined ? {} : { ':after': page.after }),
        },
        ScanIndexForward: false,
        Limit: page.limit + 1,
      }),
    );
    const items = (result.Items ?? []).map((item) => providerNotificationItemSchema.parse(item));
    const pageItems = items.slice(0, page.limit);
    const last = pageItems.at(-1);
    return {
      items: pageItems.map(({ GSI3SK: _sortKey, ...notification }) => notification),
      nextPosition: items.length > page.limit && last !== undefined ? last.GSI3SK : undefined,
    };
  }
}
