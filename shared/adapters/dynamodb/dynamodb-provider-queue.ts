/**
 * The provider's cross-tenant queue from GSI3, read with provider-scoped credentials (which may
 * only Query `PROVIDER#<id>#…` index partitions — never a Scan). The index is write-sharded;
 * each shard is read in order from the position on, and the shards are merged. Sort keys are
 * unique, so "after the last key of the previous page" leaves no gap and no duplicate.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProviderQueueFilters, ProviderQueueReader } from '../../domain/queue/provider-queue.ts';
import { providerQueueSortKey } from '../../domain/queue/provider-queue.ts';
import type { Page, PageRequest } from '../../domain/shared/ports.ts';
import type { Ticket } from '../../domain/tickets/ticket.ts';
import { PROVIDER_QUEUE_SHARDS, providerQueuePartition } from './keys.ts';
import { fromTicketItem } from './ticket-records.ts';

export class DynamoDbProviderQueue implements ProviderQueueReader {
  readonly #tableName: string;
  readonly #clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForProvider = options.clientForProvider;
  }

  async read(providerId: string, filters: ProviderQueueFilters, page: PageRequest): Promise<Page<Ticket>> {
    const client = await this.#clientForProvider(providerId);
    const shards = Array.from({ length: PROVIDER_QUEUE_SHARDS }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) =>
        this.#readShard(client, providerQueuePartition(providerId, shard), filters, page),
      ),
    );
    const merged = perShard
      .flat()
      .map((ticket) => ({ ticket, key: providerQueueSortKey(ticket) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const items = merged.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map((entry) => entry.ticket),
      nextPosition: merged.length > page.limit && last !== undefined ? last.key : undefined,
    };
  }

  /** Up to `limit + 1` matching tickets of one shard, strictly after the position. */
  async #readShard(
    client: DynamoDBDocumentClient,
    partition: string,
    filters: ProviderQueueFilters,
    page: PageRequest,
  ): Promise<Ticket[]> {
    const active = [
      { attribute: 'tenantId', value: filters.tenantId },
      { attribute: 'teamId', value: filters.teamId },
      { attribute: 'status', value: filters.status },
      { attribute: 'priority', value: filters.priority },
      { attribute: 'assigneeId', value: filters.assigneeId },
    ].filter((filter) => filter.value !== undefined);
    const names: Record<string, string> = { '#pk': 'GSI3PK' };
    if (page.after !== undefined) names['#sk'] = 'GSI3SK';
    const values: Record<string, unknown> = { ':pk': partition };
    if (page.after !== undefined) values[':after'] = page.after;
    active.forEach(({ attribute, value }, index) => {
      names[`#f${index}`] = attribute;
      values[`:f${index}`] = value;
    });
    const tickets: Ticket[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    // Filters apply after Limit, and pages stop at 1 MB: keep reading until enough or exhausted.
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: page.after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
          ...(active.length === 0
            ? {}
            : { FilterExpression: active.map((_, index) => `#f${index} = :f${index}`).join(' AND ') }),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: true,
          Limit: Math.max(page.limit + 1 - tickets.length, 10),
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) tickets.push(fromTicketItem(item));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined && tickets.length <= page.limit);
    return tickets;
  }
}
