/**
 * DynamoDB implementation of the tickets port. Every call goes through a document client
 * scoped to the ticket's tenant (STS session tag + LeadingKeys), obtained per call from
 * `clientForTenant`; this class never holds a client that could read another tenant.
 */

import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { RoutingRecord } from '../../domain/routing/ticket-router.ts';
import type { OutgoingEvent, Page, PageRequest } from '../../domain/shared/ports.ts';
import type { Ticket } from '../../domain/tickets/ticket.ts';
import type { TicketHistoryEntry } from '../../domain/tickets/ticket-history.ts';
import type {
  CreateTicketOutcome,
  IdempotencyClaim,
  IdempotencyRecord,
  TicketPairChange,
  TicketRepository,
} from '../../domain/tickets/ticket-repository.ts';
import {
  idempotencyKeys,
  requesterTicketsPartition,
  TENANT_QUEUE_SHARDS,
  TICKET_HISTORY_SK_PREFIX,
  tenantQueuePartition,
  ticketCounterKeys,
  ticketHistoryKey,
  ticketKeys,
  ticketRoutingKey,
} from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';
import { routingRecordSchema } from './routing-records.ts';
import { fromHistoryItem, toHistoryItem } from './ticket-history-records.ts';
import { fromTicketItem, ticketListSortKey, toTicketItem } from './ticket-records.ts';

export type TenantClientResolver = (tenantId: string) => Promise<DynamoDBDocumentClient>;

const idempotencyItemSchema = z.object({ fingerprint: z.string(), ticketId: z.string() });
const counterSchema = z.object({ lastNumber: z.number().int() });

/** Idempotency records outlive any sane client retry window, then expire through TTL. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export class DynamoDbTicketRepository implements TicketRepository {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: { tableName: string; clientForTenant: TenantClientResolver }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async nextTicketNumber(tenantId: string): Promise<number> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: ticketCounterKeys(tenantId),
        UpdateExpression: 'ADD lastNumber :one SET entityType = :type',
        ExpressionAttributeValues: { ':one': 1, ':type': 'COUNTER' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return counterSchema.parse(result.Attributes).lastNumber;
  }

  async findIdempotencyRecord(
    tenantId: string,
    principalId: string,
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: idempotencyKeys(tenantId, principalId, key),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : idempotencyItemSchema.parse(result.Item);
  }

  async createTicket(
    ticket: Ticket,
    events: readonly OutgoingEvent[],
    claim: IdempotencyClaim | undefined,
  ): Promise<CreateTicketOutcome> {
    const client = await this.#clientForTenant(ticket.tenantId);
    const claimItem =
      claim === undefined
        ? []
        : [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...idempotencyKeys(ticket.tenantId, claim.principalId, claim.key),
                  entityType: 'IDEMPOTENCY',
                  fingerprint: claim.fingerprint,
                  ticketId: ticket.ticketId,
                  expiresAt: Math.floor(Date.parse(ticket.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ];
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...claimItem,
            {
              Put: {
                TableName: this.#tableName,
                Item: toTicketItem(ticket),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...ticketHistoryKey(ticket.tenantId, ticket.ticketId, 1),
                  entityType: 'TICKET_HISTORY',
                  at: ticket.createdAt,
                  actor: ticket.createdBy,
                  change: 'created',
                  status: ticket.status,
                },
              },
            },
            ...events.map((event) => ({
              Put: { TableName: this.#tableName, Item: toOutboxItem(event, ticket.createdAt) },
            })),
          ],
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      // The claim is the first item: its condition failing means another request holds the key.
      if (claim !== undefined && error instanceof TransactionCanceledException) {
        const first = error.CancellationReasons?.[0];
        if (first?.Code === 'ConditionalCheckFailed') {
          const record = await this.findIdempotencyRecord(ticket.tenantId, claim.principalId, claim.key);
          if (record !== undefined) return { kind: 'idempotency-key-taken', record };
        }
      }
      throw error;
    }
  }

  /**
   * A change of a ticket as transaction items: the ticket, conditioned on the version the caller
   * read (optimistic concurrency), and its new history entry, which must not exist yet.
   */
  #versionedChange(ticket: Ticket, expectedVersion: number, entry: TicketHistoryEntry) {
    return [
      {
        Put: {
          TableName: this.#tableName,
          Item: toTicketItem(ticket),
          ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
      {
        Put: {
          TableName: this.#tableName,
          Item: toHistoryItem(ticket.tenantId, ticket.ticketId, entry),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
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

  async listRequesterTickets(
    tenantId: string,
    requesterId: string,
    page: PageRequest,
  ): Promise<Page<Ticket>> {
    const items = await this.#queryNewestFirst(
      tenantId,
      'GSI1',
      'GSI1PK',
      'GSI1SK',
      requesterTicketsPartition(tenantId, requesterId),
      page,
    );
    return toPage(items, page.limit);
  }

  /** The tenant queue is write-sharded: read each shard from the position on, then merge. */
  async listTenantTickets(tenantId: string, page: PageRequest): Promise<Page<Ticket>> {
    const shards = Array.from({ length: TENANT_QUEUE_SHARDS }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) =>
        this.#queryNewestFirst(
          tenantId,
          'GSI2',
          'GSI2PK',
          'GSI2SK',
          tenantQueuePartition(tenantId, shard),
          page,
        ),
      ),
    );
    const merged = perShard.flat().sort((a, b) => (ticketListSortKey(a) < ticketListSortKey(b) ? 1 : -1));
    return toPage(merged, page.limit);
  }

  async saveTicketChange(
    ticket: Ticket,
    expectedVersion: number,
    entry: TicketHistoryEntry,
    events: readonly OutgoingEvent[],
    routing?: RoutingRecord,
  ): Promise<'saved' | 'stale'> {
    const client = await this.#clientForTenant(ticket.tenantId);
    const routingItem =
      routing === undefined
        ? []
        : [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...ticketRoutingKey(ticket.tenantId, ticket.ticketId),
                  entityType: 'TICKET_ROUTING',
                  ticketVersion: ticket.version,
                  record: JSON.stringify(routing),
                },
              },
            },
          ];
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...this.#versionedChange(ticket, expectedVersion, entry),
            ...routingItem,
            ...events.map((event) => ({
              Put: { TableName: this.#tableName, Item: toOutboxItem(event, ticket.updatedAt) },
            })),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      // The ticket is the first item: its version condition failing means someone changed it first.
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'stale';
      }
      throw error;
    }
  }

  async getRoutingRecord(tenantId: string, ticketId: string): Promise<RoutingRecord | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: ticketRoutingKey(tenantId, ticketId),
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined) return undefined;
    return routingRecordSchema.parse(JSON.parse(z.object({ record: z.string() }).parse(result.Item).record));
  }

  async saveTicketPair(
    changes: readonly [TicketPairChange, TicketPairChange],
    events: readonly OutgoingEvent[],
  ): Promise<'saved' | 'stale'> {
    const [first] = changes;
    const client = await this.#clientForTenant(first.ticket.tenantId);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...changes.flatMap(({ ticket, expectedVersion, entry }) =>
              this.#versionedChange(ticket, expectedVersion, entry),
            ),
            ...events.map((event) => ({
              Put: { TableName: this.#tableName, Item: toOutboxItem(event, first.ticket.updatedAt) },
            })),
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'stale';
      }
      throw error;
    }
  }

  async listTicketHistory(tenantId: string, ticketId: string): Promise<readonly TicketHistoryEntry[]> {
    const client = await this.#clientForTenant(tenantId);
    const entries: TicketHistoryEntry[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': ticketKeys(tenantId, ticketId).PK,
            ':prefix': TICKET_HISTORY_SK_PREFIX,
          },
          ConsistentRead: true,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) entries.push(fromHistoryItem(item));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return entries;
  }

  /** Reads up to `limit + 1` tickets strictly older than the position (to know if a next page exists). */
  async #queryNewestFirst(
    tenantId: string,
    indexName: string,
    partitionAttribute: string,
    sortAttribute: string,
    partition: string,
    page: PageRequest,
  ): Promise<Ticket[]> {
    const client = await this.#clientForTenant(tenantId);
    const tickets: Ticket[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    // A page can stop short at 1 MB (or on filtered items): keep reading until enough or exhausted.
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: indexName,
          KeyConditionExpression: page.after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk < :after',
          ExpressionAttributeNames: {
            '#pk': partitionAttribute,
            ...(page.after === undefined ? {} : { '#sk': sortAttribute }),
          },
          ExpressionAttributeValues: {
            ':pk': partition,
            ...(page.after === undefined ? {} : { ':after': page.after }),
          },
          ScanIndexForward: false,
          Limit: page.limit + 1 - tickets.length,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) tickets.push(fromTicketItem(item));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined && tickets.length <= page.limit);
    return tickets;
  }
}

const toPage = (newestFirst: readonly Ticket[], limit: number): Page<Ticket> => {
  const items = newestFirst.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextPosition: newestFirst.length > limit && last !== undefined ? ticketListSortKey(last) : undefined,
  };
};
