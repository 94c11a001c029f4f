/**
 * A provider's SLA ledger: the per-ticket SLA summaries of tickets routed to it, indexed in GSI3
 * under `PROVIDER#<id>#SLA_LEDGER#<YYYY-MM>` and read with PROVIDER-scoped credentials (Query on
 * the provider's own index partitions only: no Scan, no tenant partition, no broad role).
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { TicketSlaSummary } from '../../domain/sla/sla-compliance.ts';
import { summarySchema } from './dynamodb-sla-repository.ts';
import { providerSlaLedgerPartition } from './keys.ts';

const bodyItemSchema = z.object({ body: z.string() });

/** `YYYY-MM` months touched by [from, to); at most ten years. */
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

export class DynamoDbProviderSlaLedger {
  readonly #tableName: string;
  readonly #clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForProvider: (providerId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForProvider = options.clientForProvider;
  }

  /** Summaries of the provider's tickets created in [from, to), one Query per month. */
  async listSummaries(providerId: string, from: string, to: string): Promise<readonly TicketSlaSummary[]> {
    const client = await this.#clientForProvider(providerId);
    const summaries: TicketSlaSummary[] = [];
    for (const month of monthsBetween(from, to)) {
      let exclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName: this.#tableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': providerSlaLedgerPartition(providerId, month),
              ':from': from,
              ':to': `${to}~`,
            },
            ExclusiveStartKey: exclusiveStartKey,
          }),
        );
        for (const item of result.Items ?? []) {
          const summary = summarySchema.parse(JSON.parse(bodyItemSchema.parse(item).body));
          if (summary.createdAt >= from && summary.createdAt < to) summaries.push(summary);
        }
        exclusiveStartKey = result.LastEvaluatedKey;
      } while (exclusiveStartKey !== undefined);
    }
    return summaries;
  }
}
