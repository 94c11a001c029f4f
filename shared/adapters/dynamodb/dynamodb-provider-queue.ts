/**
 * The provider's cross-tenant queue from GSI3, read with provider-scoped credentials (which may
 * only Query `PROVIDER#<id>#…` index partitions — never a Scan). The index is write-sharded;
 * each shard is read in order from the position on, and the shards are merged. Sort keys are
 * unique, so "after the last key of the previous page" leaves no gap and no duplicate.
 * Each engagement's scope is part of the filter, so a page is filled with in-scope tickets only
 * (no short pages that would hint at hidden ones, no out-of-scope id in a cursor).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  narrowScopes,
  type ProviderQueueFilters,
  type ProviderQueueReader,
  providerQueueSortKey,
  type QueueScope,
  scopesCover,
} from '../../domain/queue/provider-queue.ts';
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

  async read(
    providerId: string,
    scopes: readonly QueueScope[],
    filters: ProviderQueueFilters,
    page: PageRequest,
  ): Promise<Page<Ticket>> {
    const inScope = narrowScopes(scopes, filters.tenantId);
    // No engagement in force (for this tenant): nothing to read, and nothing read.
    if (inScope.length === 0) return { items: [], nextPosition: undefined };
    const client = await this.#clientForProvider(providerId);
    const shards = Array.from({ length: PROVIDER_QUEUE_SHARDS }, (_, shard) => shard);
    const perShard = await Promise.all(
      shards.map((shard) =>
        this.#readShard(client, providerQueuePartition(providerId, shard), inScope, filters, page),
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
    scopes: readonly QueueScope[],
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
    const conditions = active.map((_, index) => `#f${index} = :f${index}`);
    conditions.push(scopeCondition(scopes, names, values));
    const tickets: Ticket[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    // Filters apply after Limit, and pages stop at 1 MB: keep reading until enough or exhausted.
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: 'GSI3',
          KeyConditionExpression: page.after === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
          FilterExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: true,
          Limit: Math.max(page.limit + 1 - tickets.length, 10),
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      // The filter already excluded them; checked again so that no expression slip can leak one.
      for (const item of result.Items ?? []) {
        const ticket = fromTicketItem(item);
        if (scopesCover(scopes, ticket)) tickets.push(ticket);
      }
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined && tickets.length <= page.limit);
    return tickets;
  }
}

/**
 * The engagement scopes as one filter: a ticket passes if some scope's tenant, services and
 * categories cover it (an empty list covers everything; a null service or category is covered
 * only by an empty list, as in `engagementCovers`).
 */
const scopeCondition = (
  scopes: readonly QueueScope[],
  names: Record<string, string>,
  values: Record<string, unknown>,
): string => {
  // DynamoDB refuses declared names an expression does not use: declare each on first use.
  names['#scopeTenant'] = 'tenantId';
  const alternatives = scopes.map((scope, index) => {
    values[`:st${index}`] = scope.tenantId;
    const parts = [`#scopeTenant = :st${index}`];
    const inList = (attribute: string, prefix: string, allowed: readonly string[]) => {
      if (allowed.length === 0) return;
      names[attribute] = attribute === '#scopeService' ? 'service' : 'category';
      const placeholders = allowed.map((value, position) => {
        values[`:${prefix}${index}_${position}`] = value;
        return `:${prefix}${index}_${position}`;
      });
      parts.push(`${attribute} IN (${placeholders.join(', ')})`);
    };
    inList('#scopeService', 'ss', scope.services);
    inList('#scopeCategory', 'sc', scope.categories);
    return parts.length === 1 ? parts.join('') : `(${parts.join(' AND ')})`;
  });
  // DynamoDB refuses redundant parentheses: only an OR of several scopes is wrapped.
  return alternatives.length === 1 ? alternatives.join('') : `(${alternatives.join(' OR ')})`;
};
