/** DynamoDB implementation of the catalogue port: one tenant partition, tenant-scoped clients only. */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { CatalogueItem, CatalogueRepository } from '../../domain/catalogue/catalogue-item.ts';
import { CATALOGUE_ITEM_SK_PREFIX, catalogueItemKeys } from './keys.ts';

const catalogueItemSchema = z.object({
  tenantId: z.string(),
  itemId: z.string(),
  name: z.string(),
  description: z.string(),
  service: z.string().nullable(),
  skuHint: z.string().nullable(),
  active: z.boolean(),
  updatedAt: z.string(),
});

export class DynamoDbCatalogueRepository implements CatalogueRepository {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async put(item: CatalogueItem): Promise<void> {
    const client = await this.#clientForTenant(item.tenantId);
    await client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...catalogueItemKeys(item.tenantId, item.itemId), entityType: 'CATALOGUE_ITEM', ...item },
      }),
    );
  }

  async get(tenantId: string, itemId: string): Promise<CatalogueItem | undefined> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({ TableName: this.#tableName, Key: catalogueItemKeys(tenantId, itemId) }),
    );
    return result.Item === undefined ? undefined : catalogueItemSchema.parse(result.Item);
  }

  async list(tenantId: string): Promise<readonly CatalogueItem[]> {
    const client = await this.#clientForTenant(tenantId);
    const items: CatalogueItem[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const result = await client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': catalogueItemKeys(tenantId, '-').PK,
            ':prefix': CATALOGUE_ITEM_SK_PREFIX,
          },
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      for (const item of result.Items ?? []) items.push(catalogueItemSchema.parse(item));
      exclusiveStartKey = result.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    return items;
  }
}
