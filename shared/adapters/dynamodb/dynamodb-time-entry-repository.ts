/**
 * DynamoDB implementation of the time-entry port: entries live in the ticket's partition
 * (tenant-scoped clients only), each written in one transaction with its outbox event.
 */
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OutgoingEvent } from '../../domain/shared/ports.ts';
import type { TicketTimeEntry } from '../../domain/tickets/ticket-time-entry.ts';
import type { TimeEntryRepository } from '../../domain/tickets/ticket-time-service.ts';
import { TICKET_TIME_ENTRY_SK_PREFIX, ticketKeys, ticketTimeEntryKey } from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';

const timeEntrySchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  entryId: z.string(),
  agentId: z.string(),
  providerId: z.string().nullable(),
  minutes: z.number().int(),
  workedAt: z.string(),
  note: z.string().nullable(),
  loggedAt: z.string(),
});

export class DynamoDbTimeEntryRepository implements TimeEntryRepository {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async saveTimeEntry(entry: TicketTimeEntry, events: readonly OutgoingEvent[]): Promise<void> {
    const client = await this.#clientForTenant(entry.tenantId);
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            // The ticket must still exist when the entry lands (it is never deleted, but a
            // forged id must not create an orphan partition).
            ConditionCheck: {
              TableName: this.#tableName,
              Key: ticketKeys(entry.tenantId, entry.ticketId),
              ConditionExpression: 'attribute_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.#tableName,
              Item: {
                ...ticketTimeEntryKey(entry.tenantId, entry.ticketId, entry.workedAt, entry.entryId),
                entityType: 'TICKET_TIME_ENTRY',
                ...entry,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...events.map((event) => ({
            Put: { TableName: this.#tableName, Item: toOutboxItem(event, entry.loggedAt) },
          })),
        ],
      }),
    );
  }

  async listTimeEntries(tenantId: string, ticketId: string): Promise<readonly TicketTimeEntry[]> {
    const client = await this.#clientForTenant(tenantId);
    const entries: TicketTimeEntry[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': ticketKeys(tenantId, ticketId).PK,
            ':prefix': TICKET_TIME_ENTRY_SK_PREFIX,
          },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) entries.push(timeEntrySchema.parse(item));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return entries;
  }
}
