/**
 * DynamoDB store of the SLA breach actions: the raised ticket (conditioned on the version read),
 * its history entry, its event (outbox) and the (action, milestone) marker (conditioned on not
 * existing) in one transaction, with the tenant's scoped credentials.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BreachActionStore, PriorityRaise } from '../../domain/sla/sla-breach-actions.ts';
import type { Ticket } from '../../domain/tickets/ticket.ts';
import { slaBreachActionKeys, ticketKeys } from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';
import { toHistoryItem } from './ticket-history-records.ts';
import { fromTicketItem, toTicketItem } from './ticket-records.ts';

export class DynamoDbSlaBreachActions implements BreachActionStore {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: ticketKeys(tenantId, ticketId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : fromTicketItem(result.Item);
  }

  async saveRaise(raise: PriorityRaise, milestoneKey: string): Promise<'saved' | 'stale' | 'done'> {
    const { ticket } = raise;
    const client = await this.#clientForTenant(ticket.tenantId);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: slaBreachMarker(ticket, milestoneKey),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: toTicketItem(ticket),
                ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': raise.expectedVersion },
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: toHistoryItem(ticket.tenantId, ticket.ticketId, raise.entry),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: this.#tableName, Item: toOutboxItem(raise.event, ticket.updatedAt) } },
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return 'done';
      const failed = (error.CancellationReasons ?? []).some(
        (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
      );
      if (failed) return 'stale';
      throw error;
    }
  }
}

const slaBreachMarker = (ticket: Ticket, milestoneKey: string) => ({
  ...slaBreachActionKeys(ticket.tenantId, ticket.ticketId, 'raise_priority', milestoneKey),
  entityType: 'SLA_BREACH_ACTION',
  at: ticket.updatedAt,
  toPriority: ticket.priority,
});
