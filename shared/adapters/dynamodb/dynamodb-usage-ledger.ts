/**
 * DynamoDB usage ledger and statement store, through tenant-scoped clients only.
 *
 * Counting is idempotent by construction: ONE TransactWriteItems puts the fact's dedup item
 * (condition: absent), checks the period is still open for the engagement, and adds the
 * quantity to the counter. Either all three happen or none, so a duplicate delivery, or a
 * redelivery after a crash between the commit and the SQS acknowledgement, finds the dedup item
 * and changes nothing; addition commutes, so arrival order does not matter. Closing a period
 * sets `closedAt` on the period item, which fails every later transaction's condition check:
 * the fact then goes, as a correction, to the next open period.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { isMeterId } from '../../domain/billing/meters.ts';
import type { Statement, UsageCounter } from '../../domain/billing/statement.ts';
import { type BillingPeriod, nextPeriod, periodOf, type UsageFact } from '../../domain/billing/usage-fact.ts';
import type { RecordOutcome, StatementStore, UsageLedger } from '../../domain/billing/usage-ledger.ts';
import type { TenantClientResolver } from './dynamodb-ticket-repository.ts';
import {
  billingPeriodStateKeys,
  statementKeys,
  statementPartition,
  usageCounterKeys,
  usageCounterPrefix,
  usageFactKeys,
  usagePeriodPartition,
} from './keys.ts';

/** A fact later than this many closed periods is refused rather than chased forever. */
const MAX_PERIODS_FORWARD = 36;
/**
 * Facts of one tenant, meter and period share a counter item, so concurrent batches collide
 * (TransactionConflict) under bursts; retried here, with jitter, rather than redelivered after
 * the queue's visibility timeout.
 */
const CONFLICT_ATTEMPTS = 6;
const CONFLICT_BASE_DELAY_MS = 15;

const isConflict = (error: TransactionCanceledException): boolean =>
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

const counterItemSchema = z.object({
  meter: z.string().refine(isMeterId),
  dimension: z.string(),
  quantity: z.union([z.number(), z.string()]),
  correctsPeriod: z.string().nullable(),
});

export class DynamoDbUsageLedger implements UsageLedger {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: { tableName: string; clientForTenant: TenantClientResolver }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async record(fact: UsageFact): Promise<RecordOutcome> {
    const client = await this.#clientForTenant(fact.tenantId);
    const usagePeriod = periodOf(fact.occurredAt);
    let period = usagePeriod;
    let conflicts = 0;
    for (let attempt = 0; attempt < MAX_PERIODS_FORWARD + CONFLICT_ATTEMPTS; attempt += 1) {
      const correction = period !== usagePeriod;
      const origin = correction ? usagePeriod : '-';
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.#tableName,
                  Item: {
                    ...usageFactKeys(fact.tenantId, fact.factId),
                    entityType: 'USAGE_FACT',
                    ...fact,
                    countedInPeriod: period,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                ConditionCheck: {
                  TableName: this.#tableName,
                  Key: billingPeriodStateKeys(fact.tenantId, period, fact.engagementId),
                  ConditionExpression: 'attribute_not_exists(closedAt)',
                },
              },
              {
                Update: {
                  TableName: this.#tableName,
                  Key: usageCounterKeys(
                    fact.tenantId,
                    period,
                    fact.engagementId,
                    fact.meter,
                    fact.dimension,
                    origin,
                  ),
                  UpdateExpression:
                    'ADD quantity :quantity SET entityType = :type, engagementId = :engagement, meter = :meter, dimension = :dimension, correctsPeriod = :origin',
                  ExpressionAttributeValues: {
                    ':quantity': Number(fact.quantity),
                    ':type': 'USAGE_COUNTER',
                    ':engagement': fact.engagementId,
                    ':meter': fact.meter,
                    ':dimension': fact.dimension,
                    ':origin': correction ? usagePeriod : null,
                  },
                },
              },
            ],
          }),
        );
        return { outcome: 'counted', period, correction };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [dedup, open] = error.CancellationReasons ?? [];
        if (dedup?.Code === 'ConditionalCheckFailed') return { outcome: 'duplicate' };
        if (isConflict(error)) {
          conflicts += 1;
          if (conflicts >= CONFLICT_ATTEMPTS) throw error;
          const delay = CONFLICT_BASE_DELAY_MS * 2 ** (conflicts - 1);
          await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * delay));
          continue;
        }
        if (open?.Code !== 'ConditionalCheckFailed') throw error;
        period = nextPeriod(period);
      }
    }
    throw new Error(
      `No open period within ${MAX_PERIODS_FORWARD} months of ${usagePeriod} for ${fact.factId}`,
    );
  }

  async counters(
    tenantId: string,
    engagementId: string,
    period: BillingPeriod,
  ): Promise<readonly UsageCounter[]> {
    const client = await this.#clientForTenant(tenantId);
    const counters: UsageCounter[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': usagePeriodPartition(tenantId, period),
            ':prefix': usageCounterPrefix(engagementId),
          },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        const parsed = counterItemSchema.parse(item);
        if (!isMeterId(parsed.meter)) continue;
        counters.push({
          meter: parsed.meter,
          dimension: parsed.dimension,
          quantity: String(parsed.quantity),
          correctsPeriod: parsed.correctsPeriod,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return counters;
  }

  async closePeriod(
    tenantId: string,
    engagementId: string,
    period: BillingPeriod,
    now: string,
  ): Promise<string> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: billingPeriodStateKeys(tenantId, period, engagementId),
        UpdateExpression: 'SET closedAt = if_not_exists(closedAt, :now), entityType = :type',
        ExpressionAttributeValues: { ':now': now, ':type': 'BILLING_PERIOD' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return z.object({ closedAt: z.string() }).parse(result.Attributes).closedAt;
  }
}

const statementItemSchema = z.object({ statement: z.string() });

export class DynamoDbStatementStore implements StatementStore {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;
  readonly #parse: (json: unknown) => Statement;

  constructor(options: {
    tableName: string;
    clientForTenant: TenantClientResolver;
    parseStatement: (json: unknown) => Statement;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
    this.#parse = options.parseStatement;
  }

  async get(tenantId: string, period: BillingPeriod, engagementId: string): Promise<Statement | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: statementKeys(tenantId, period, engagementId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined
      ? undefined
      : this.#parse(JSON.parse(statementItemSchema.parse(result.Item).statement));
  }

  async freeze(statement: Statement): Promise<Statement> {
    const client = await this.#clientForTenant(statement.tenantId);
    try {
      await client.send(
        new PutCommand({
          TableName: this.#tableName,
          // Stored as one JSON string: the frozen bytes are what every export is built from.
          Item: {
            ...statementKeys(statement.tenantId, statement.period, statement.engagementId),
            entityType: 'BILLING_STATEMENT',
            statement: JSON.stringify(statement),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return statement;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(statement.tenantId, statement.period, statement.engagementId);
      if (stored === undefined) throw error;
      return stored;
    }
  }

  async listForTenant(tenantId: string, period?: BillingPeriod): Promise<readonly Statement[]> {
    const client = await this.#clientForTenant(tenantId);
    const statements: Statement[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': statementPartition(tenantId),
            ':prefix': period === undefined ? 'STATEMENT#' : `STATEMENT#${period}#`,
          },
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        statements.push(this.#parse(JSON.parse(statementItemSchema.parse(item).statement)));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return statements;
  }
}
