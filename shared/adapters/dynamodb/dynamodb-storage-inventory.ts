/**
 * The storage meter's inventory in the tenant's own partition (tenant-scoped clients): one
 * item per stored object, sorted by the instant it was stored, so "bytes stored before the
 * month began" is one range query. Known limit: the query reads every object of the tenant
 * stored before the month; a running monthly total would bound it when tenants hold millions.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { StorageInventory } from '../../domain/billing/storage-usage.ts';
import type { TenantClientResolver } from './dynamodb-ticket-repository.ts';
import { storedObjectKeys } from './keys.ts';

const storedObjectSchema = z.object({ bytes: z.number().int() });

export class DynamoDbStorageInventory implements StorageInventory {
  readonly #tableName: string;
  readonly #clientForTenant: TenantClientResolver;

  constructor(options: { tableName: string; clientForTenant: TenantClientResolver }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async add(tenantId: string, objectId: string, bytes: number, storedAt: string): Promise<void> {
    const client = await this.#clientForTenant(tenantId);
    try {
      await client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...storedObjectKeys(tenantId, storedAt, objectId),
            entityType: 'STORED_OBJECT',
            objectId,
            bytes,
            storedAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async bytesStoredBefore(tenantId: string, instant: string): Promise<number> {
    const client = await this.#clientForTenant(tenantId);
    const { PK, SK } = storedObjectKeys(tenantId, instant, '');
    let total = 0;
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': PK, ':from': 'OBJECT#', ':to': SK },
          ProjectionExpression: 'bytes',
          ConsistentRead: true,
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) total += storedObjectSchema.parse(item).bytes;
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return total;
  }
}
