/**
 * The timer side of the SLA engine in DynamoDB: the sweeper reads GSI4 (`PLATFORM#SLA_DUE#…`,
 * platform partitions) with the function's base client, then fires each milestone with the
 * tenant's scoped client in one transaction: fired marker (conditional) + timer removal
 * (conditioned on the same due instant) + outbox event. Escalations are recorded the same way.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { OutgoingEvent } from '../../domain/shared/ports.ts';
import type {
  DueMilestone,
  DueMilestoneIndex,
  FireOutcome,
  MilestoneFiring,
} from '../../domain/sla/milestone-sweeper.ts';
import type { TenantClientResolver } from './dynamodb-ticket-repository.ts';
import {
  SLA_DUE_SHARDS,
  slaDuePartition,
  slaDueSortKey,
  slaEscalationKeys,
  slaFiredKeys,
  slaTimerKeys,
  ticketSlaKeys,
} from './keys.ts';
import { toOutboxItem } from './outbox-records.ts';

const dueItemSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  milestoneKey: z.string(),
  dueAt: z.string(),
  clock: z.string(),
  teamId: z.string().nullable().default(null),
  hop: z.number().int().nullable().default(null),
  kind: z.enum(['warning', 'breach']),
  threshold: z.number(),
  priority: z.string(),
  policyId: z.string(),
  policyVersion: z.number().int(),
  breachActions: z.array(z.string()).default([]),
});

/** Items per index page; the sweeper pages on until nothing due is left. */
const PAGE_SIZE = 200;

export class DynamoDbSlaTimers implements DueMilestoneIndex, MilestoneFiring {
  readonly shards = SLA_DUE_SHARDS;
  readonly #tableName: string;
  readonly #base: DynamoDBDocumentClient;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: {
    tableName: string;
    base: DynamoDBDocumentClient;
    clientForTenant: TenantClientResolver;
  }) {
    this.#tableName = options.tableName;
    this.#base = options.base;
    this.#clientForTenant = options.clientForTenant;
  }

  async due(shard: number, now: string): Promise<readonly DueMilestone[]> {
    const items: DueMilestone[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#base.send(
        new QueryCommand({
          TableName: this.#tableName,
          IndexName: 'GSI4',
          // '~' sorts after '#', so every key whose due instant is <= now is below the bound.
          KeyConditionExpression: 'GSI4PK = :pk AND GSI4SK < :upper',
          ExpressionAttributeValues: { ':pk': slaDuePartition(shard), ':upper': `${now}~` },
          Limit: PAGE_SIZE,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) items.push(dueItemSchema.parse(item));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async fire(due: DueMilestone, event: OutgoingEvent): Promise<FireOutcome> {
    const client = await this.#clientForTenant(due.tenantId);
    const timerKey = slaTimerKeys(due.tenantId, due.ticketId, due.milestoneKey);
    const sortKey = slaDueSortKey(due.dueAt, due.tenantId, due.ticketId, due.milestoneKey);
    const occurredAt = typeof event.detail.occurredAt === 'string' ? event.detail.occurredAt : due.dueAt;
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...slaFiredKeys(due.tenantId, due.ticketId, due.milestoneKey),
                  entityType: 'SLA_FIRED',
                  firedAt: occurredAt,
                  dueAt: due.dueAt,
                  eventId: event.eventId,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Delete: {
                TableName: this.#tableName,
                Key: timerKey,
                ConditionExpression: 'GSI4SK = :sortKey',
                ExpressionAttributeValues: { ':sortKey': sortKey },
              },
            },
            { Put: { TableName: this.#tableName, Item: toOutboxItem(event, occurredAt) } },
          ],
        }),
      );
      return 'fired';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker, timer] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') {
        // Fired by an earlier or overlapping sweep: only the stale timer is left to clean up.
        await this.#deleteTimerIfUnchanged(client, timerKey, sortKey);
        return 'already_fired';
      }
      if (timer?.Code === 'ConditionalCheckFailed') return 'rescheduled';
      throw error;
    }
  }

  /**
   * Records an escalation to the next tier once per breached milestone, with its event, in one
   * transaction; answers the tier, or undefined when this breach was already escalated.
   */
  async recordEscalation(
    tenantId: string,
    ticketId: string,
    milestoneKey: string,
    tier: number,
    event: OutgoingEvent,
    at: string,
  ): Promise<boolean> {
    const client = await this.#clientForTenant(tenantId);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...slaEscalationKeys(tenantId, ticketId, milestoneKey),
                  entityType: 'SLA_ESCALATION',
                  tier,
                  at,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName: this.#tableName, Item: toOutboxItem(event, at) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  /** How many escalations the ticket has had: the next one goes to tier count + 1. */
  async escalationCount(tenantId: string, ticketId: string): Promise<number> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':pk': ticketSlaKeys(tenantId, ticketId).PK,
          ':prefix': 'SLA#ESCALATION#',
        },
        Select: 'COUNT',
        ConsistentRead: true,
      }),
    );
    return result.Count ?? 0;
  }

  async #deleteTimerIfUnchanged(
    client: DynamoDBDocumentClient,
    key: { PK: string; SK: string },
    sortKey: string,
  ): Promise<void> {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.#tableName,
                Key: key,
                ConditionExpression: 'GSI4SK = :sortKey',
                ExpressionAttributeValues: { ':sortKey': sortKey },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
    }
  }
}
