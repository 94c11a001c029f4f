/**
 * The audit log in DynamoDB: one partition per tenant (`TENANT#<id>#AUDIT`), written and read
 * with the tenant's scoped credentials like any other tenant data. Entries are only ever put
 * with a condition that they do not exist yet: append-only, never overwritten.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Page, PageRequest } from '../../domain/shared/ports.ts';
import {
  type AuditEntry,
  type AuditFilter,
  type AuditLog,
  auditActions,
} from '../../domain/tenancy/audit.ts';
import { auditEntryKeys, auditPartition } from './keys.ts';

const auditEntrySchema = z.object({
  entryId: z.string(),
  tenantId: z.string(),
  occurredAt: z.string(),
  action: z.enum(auditActions),
  actor: z.object({
    kind: z.enum(['tenant', 'provider', 'platform']),
    userId: z.string(),
    organisationId: z.string().nullable(),
    credential: z.enum(['token', 'api_key']),
  }),
  target: z.string(),
  details: z.record(z.string(), z.string()),
});

const positionSchema = z.object({ PK: z.string(), SK: z.string() });

/** Filters scan forward through pages of this many items looking for matches. */
const READ_BATCH = 100;

export class DynamoDbAuditLog implements AuditLog {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async append(entry: AuditEntry): Promise<void> {
    const client = await this.#clientForTenant(entry.tenantId);
    await client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...auditEntryKeys(entry.tenantId, entry.occurredAt, entry.entryId),
          entityType: 'AUDIT',
          ...entry,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const client = await this.#clientForTenant(tenantId);
    // SK = AUDIT#<iso time>#<id>: a period is a key range; `~` sorts after every id character.
    const lower = `AUDIT#${filter.from ?? ''}`;
    const upper = `AUDIT#${filter.to ?? '9999'}~`;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':pk': auditPartition(tenantId),
      ':lower': lower,
      ':upper': upper,
    };
    const conditions: string[] = [];
    if (filter.actorUserId !== undefined) {
      names['#actor'] = 'actor';
      names['#userId'] = 'userId';
      values[':actor'] = filter.actorUserId;
      conditions.push('#actor.#userId = :actor');
    }
    if (filter.action !== undefined) {
      names['#action'] = 'action';
      values[':action'] = filter.action;
      conditions.push('#action = :action');
    }
    const items: AuditEntry[] = [];
    let start: Record<string, unknown> | undefined =
      page.after === undefined ? undefined : positionSchema.parse(JSON.parse(page.after));
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lower AND :upper',
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length === 0 ? {} : { ExpressionAttributeNames: names }),
          ...(conditions.length === 0 ? {} : { FilterExpression: conditions.join(' AND ') }),
          ScanIndexForward: false,
          Limit: Math.max(page.limit - items.length, Math.min(READ_BATCH, page.limit * 4)),
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of result.Items ?? []) {
        if (items.length < page.limit) {
          items.push(auditEntrySchema.parse(item));
          start = { PK: item.PK, SK: item.SK };
        } else {
          return { items, nextPosition: JSON.stringify(start) };
        }
      }
      start = result.LastEvaluatedKey === undefined ? undefined : result.LastEvaluatedKey;
      if (items.length >= page.limit && start !== undefined) {
        return { items, nextPosition: JSON.stringify(positionSchema.parse(start)) };
      }
    } while (start !== undefined);
    return { items, nextPosition: undefined };
  }
}
