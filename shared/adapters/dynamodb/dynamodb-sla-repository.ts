/**
 * DynamoDB implementation of the SLA port: calendars and policy versions in tenant partitions,
 * each ticket's SLA state, pending milestone timers and fired markers in the ticket's partition.
 * Timers carry GSI4 keys (`PLATFORM#SLA_DUE#<shard>`), so the sweeper finds what is due across
 * tenants without reading tenant partitions; everything here uses tenant-scoped clients.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { calendarSchema, policySchema } from '../../api/sla.ts';
import { Conflict } from '../../domain/errors.ts';
import type { BusinessCalendar } from '../../domain/sla/business-calendar.ts';
import type { SlaHistoryEvent } from '../../domain/sla/sla-clocks.ts';
import type { TicketSlaSummary } from '../../domain/sla/sla-compliance.ts';
import type {
  MilestoneTimer,
  SlaRepository,
  StoredSlaPolicy,
  TicketSlaState,
} from '../../domain/sla/sla-service.ts';
import { priorities } from '../../domain/tickets/ticket.ts';
import type { TenantClientResolver } from './dynamodb-ticket-repository.ts';
import {
  providerSlaLedgerPartition,
  providerSlaLedgerSortKey,
  SLA_DUE_SHARDS,
  shardOf,
  slaCalendarKeys,
  slaDuePartition,
  slaDueSortKey,
  slaLedgerKeys,
  slaLedgerPartition,
  slaPolicyPartition,
  slaPolicyVersionSortKey,
  slaTimerKeys,
  tenantPrefix,
  ticketSlaKeys,
} from './keys.ts';

const bodyItemSchema = z.object({ body: z.string() });

const historyEventSchema: z.ZodType<SlaHistoryEvent> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), at: z.string(), priority: z.enum(priorities), status: z.string() }),
  z.object({ kind: z.literal('status_changed'), at: z.string(), to: z.string() }),
  z.object({ kind: z.literal('priority_changed'), at: z.string(), priority: z.enum(priorities) }),
  z.object({
    kind: z.literal('routed'),
    at: z.string(),
    teamId: z.string(),
    providerId: z.string().optional(),
  }),
  z.object({ kind: z.literal('first_public_response'), at: z.string() }),
  z.object({ kind: z.literal('resolved'), at: z.string() }),
  z.object({ kind: z.literal('reopened'), at: z.string(), to: z.string().optional() }),
]);

const stateItemSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  policyId: z.string(),
  policyVersion: z.number().int(),
  history: z.string(),
  appliedEventIds: z.array(z.string()),
  version: z.number().int(),
});

const clockSummarySchema = z.object({
  status: z.enum(['not_started', 'running', 'paused', 'stopped']),
  elapsedSeconds: z.number(),
  targetSeconds: z.number(),
  met: z.boolean().nullable(),
  breached: z.boolean(),
  dueAt: z.string().nullable(),
});

export const summarySchema = z.object({
  ticketId: z.string(),
  priority: z.enum(priorities),
  createdAt: z.string(),
  firstResponse: clockSummarySchema,
  resolution: clockSummarySchema,
  // Per-provider reports (#5); absent in summaries written before them.
  tenantId: z.string().optional(),
  providerId: z.string().nullable().optional(),
  teamId: z.string().nullable().optional(),
  pausedSecondsByReason: z.record(z.string(), z.number()).optional(),
});

/** `YYYY-MM` months touched by [from, to); at most ten years, to bound a report's reads. */
const monthsBetween = (from: string, to: string): string[] => {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(Number(from.slice(0, 4)), Number(from.slice(5, 7)) - 1, 1));
  const end = Date.parse(to);
  while (cursor.getTime() < end && months.length < 120) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
};

const timerItemSchema = z.object({ SK: z.string() });
const firedItemSchema = z.object({ SK: z.string() });

const TIMER_PREFIX = 'SLA#TIMER#';
const FIRED_PREFIX = 'SLA#FIRED#';

const parseCalendar = (body: string): BusinessCalendar => {
  const parsed = calendarSchema.parse(JSON.parse(body));
  return { ...parsed, publicHolidays: parsed.publicHolidays };
};

const parsePolicy = (body: string): StoredSlaPolicy => policySchema.parse(JSON.parse(body));

export class DynamoDbSlaRepository implements SlaRepository {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: { tableName: string; clientForTenant: TenantClientResolver }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async putCalendar(tenantId: string, calendar: BusinessCalendar): Promise<void> {
    const client = await this.#clientForTenant(tenantId);
    await client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...slaCalendarKeys(tenantId, calendar.calendarId),
          entityType: 'SLA_CALENDAR',
          body: JSON.stringify(calendar),
        },
      }),
    );
  }

  async findCalendar(tenantId: string, calendarId: string): Promise<BusinessCalendar | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({ TableName: this.#tableName, Key: slaCalendarKeys(tenantId, calendarId) }),
    );
    return result.Item === undefined ? undefined : parseCalendar(bodyItemSchema.parse(result.Item).body);
  }

  async listCalendars(tenantId: string): Promise<readonly BusinessCalendar[]> {
    const items = await this.#queryAll(tenantId, slaCalendarKeys(tenantId, '').PK, 'CALENDAR#');
    return items.map((item) => parseCalendar(bodyItemSchema.parse(item).body));
  }

  async addPolicyVersion(tenantId: string, policy: StoredSlaPolicy): Promise<void> {
    const client = await this.#clientForTenant(tenantId);
    try {
      await client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            PK: slaPolicyPartition(tenantId),
            SK: slaPolicyVersionSortKey(policy.policyId, policy.version),
            entityType: 'SLA_POLICY',
            body: JSON.stringify(policy),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new Conflict(`Policy ${policy.policyId} v${policy.version} was written concurrently; retry`);
      }
      throw error;
    }
  }

  async findPolicy(
    tenantId: string,
    policyId: string,
    version?: number,
  ): Promise<StoredSlaPolicy | undefined> {
    const client = await this.#clientForTenant(tenantId);
    if (version !== undefined) {
      const result = await client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: { PK: slaPolicyPartition(tenantId), SK: slaPolicyVersionSortKey(policyId, version) },
        }),
      );
      return result.Item === undefined ? undefined : parsePolicy(bodyItemSchema.parse(result.Item).body);
    }
    const result = await client.send(
      new QueryCommand({
        TableName: this.#tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': slaPolicyPartition(tenantId), ':prefix': `POLICY#${policyId}#V` },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const latest = result.Items?.[0];
    return latest === undefined ? undefined : parsePolicy(bodyItemSchema.parse(latest).body);
  }

  async listPolicies(tenantId: string): Promise<readonly StoredSlaPolicy[]> {
    const items = await this.#queryAll(tenantId, slaPolicyPartition(tenantId), 'POLICY#');
    const latest = new Map<string, StoredSlaPolicy>();
    for (const item of items) {
      const policy = parsePolicy(bodyItemSchema.parse(item).body);
      latest.set(policy.policyId, policy); // ascending sort keys: the last version wins
    }
    return [...latest.values()];
  }

  async findTicketSla(tenantId: string, ticketId: string) {
    const items = await this.#queryAll(tenantId, ticketSlaKeys(tenantId, ticketId).PK, 'SLA#');
    const stateItem = items.find((item) => item.SK === ticketSlaKeys(tenantId, ticketId).SK);
    if (stateItem === undefined) return undefined;
    const parsed = stateItemSchema.parse(stateItem);
    const state: TicketSlaState = {
      ...parsed,
      history: z.array(historyEventSchema).parse(JSON.parse(parsed.history)),
    };
    const firedMilestones = new Set(
      items
        .map((item) => firedItemSchema.parse(item).SK)
        .filter((sk) => sk.startsWith(FIRED_PREFIX))
        .map((sk) => sk.slice(FIRED_PREFIX.length)),
    );
    return { state, firedMilestones };
  }

  async saveTicketSla(
    state: TicketSlaState,
    timers: readonly MilestoneTimer[],
    summary: TicketSlaSummary,
  ): Promise<void> {
    const { tenantId, ticketId } = state;
    const client = await this.#clientForTenant(tenantId);
    const existing = (await this.#queryAll(tenantId, ticketSlaKeys(tenantId, ticketId).PK, TIMER_PREFIX)).map(
      (item) => timerItemSchema.parse(item).SK.slice(TIMER_PREFIX.length),
    );
    const keep = new Set(timers.map((timer) => timer.milestoneKey));
    const shard = shardOf(ticketId, SLA_DUE_SHARDS);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...ticketSlaKeys(tenantId, ticketId),
                  entityType: 'SLA_STATE',
                  tenantId,
                  ticketId,
                  policyId: state.policyId,
                  policyVersion: state.policyVersion,
                  history: JSON.stringify(state.history),
                  appliedEventIds: [...state.appliedEventIds],
                  version: state.version + 1,
                },
                ...(state.version === 0
                  ? { ConditionExpression: 'attribute_not_exists(PK)' }
                  : {
                      ConditionExpression: 'version = :expected',
                      ExpressionAttributeValues: { ':expected': state.version },
                    }),
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...slaLedgerKeys(tenantId, summary.createdAt, ticketId),
                  entityType: 'SLA_LEDGER',
                  body: JSON.stringify(summary),
                  // Per-provider reports (#5): the provider's own index partition, read with its credentials.
                  ...(summary.providerId === undefined || summary.providerId === null
                    ? {}
                    : {
                        GSI3PK: providerSlaLedgerPartition(summary.providerId, summary.createdAt.slice(0, 7)),
                        GSI3SK: providerSlaLedgerSortKey(summary.createdAt, tenantId, ticketId),
                      }),
                },
              },
            },
            ...existing
              .filter((key) => !keep.has(key))
              .map((key) => ({
                Delete: { TableName: this.#tableName, Key: slaTimerKeys(tenantId, ticketId, key) },
              })),
            ...timers.map((timer) => ({
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...slaTimerKeys(tenantId, ticketId, timer.milestoneKey),
                  entityType: 'SLA_TIMER',
                  GSI4PK: slaDuePartition(shard),
                  GSI4SK: slaDueSortKey(timer.dueAt, tenantId, ticketId, timer.milestoneKey),
                  tenantId,
                  ticketId,
                  ...timer,
                },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new Conflict(`The SLA of ticket ${ticketId} changed concurrently; retry`);
      }
      throw error;
    }
  }

  async listSummaries(tenantId: string, from: string, to: string): Promise<readonly TicketSlaSummary[]> {
    const summaries: TicketSlaSummary[] = [];
    for (const month of monthsBetween(from, to)) {
      const items = await this.#queryAll(tenantId, slaLedgerPartition(tenantId, month), 'TICKET#');
      for (const item of items) {
        const summary = summarySchema.parse(JSON.parse(bodyItemSchema.parse(item).body));
        if (summary.createdAt >= from && summary.createdAt < to) summaries.push(summary);
      }
    }
    return summaries;
  }

  async #queryAll(tenantId: string, partition: string, prefix: string): Promise<Record<string, unknown>[]> {
    if (!partition.startsWith(tenantPrefix(tenantId))) throw new Error('SLA queries stay in the tenant');
    const client = await this.#clientForTenant(tenantId);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}
