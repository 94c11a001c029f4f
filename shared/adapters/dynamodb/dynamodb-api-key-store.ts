/**
 * API keys in DynamoDB, as platform items: the lookup item the authoriser reads by key id
 * (`PLATFORM#APIKEY#<id>`, holding the hash) and a listing copy under the owner, without it.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { ApiKey, ApiKeyOwner, ApiKeyStore } from '../../domain/tenancy/api-key.ts';
import { allRoles } from '../../domain/tenancy/principal.ts';
import { apiKeyKeys, apiKeyOfOwnerKeys } from './keys.ts';

const apiKeySchema = z.object({
  keyId: z.string(),
  owner: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
    z.object({ kind: z.literal('provider'), providerId: z.string() }),
  ]),
  name: z.string(),
  role: z.enum(allRoles),
  operations: z.array(z.string()),
  secretHash: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});

export class DynamoDbApiKeyStore implements ApiKeyStore {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
  }

  async create(key: ApiKey): Promise<void> {
    const { secretHash: _hash, ...listed } = key;
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#tableName,
              Item: { ...apiKeyKeys(key.keyId), entityType: 'APIKEY', ...key },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: this.#tableName,
              Item: { ...apiKeyOfOwnerKeys(key.owner, key.keyId), entityType: 'APIKEY_LISTING', ...listed },
            },
          },
        ],
      }),
    );
  }

  async get(keyId: string): Promise<ApiKey | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: apiKeyKeys(keyId) }),
    );
    return result.Item === undefined ? undefined : apiKeySchema.parse(result.Item);
  }

  async listOf(owner: ApiKeyOwner): Promise<readonly ApiKey[]> {
    const { PK } = apiKeyOfOwnerKeys(owner, '');
    const keys: ApiKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': 'APIKEY#' },
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      // The listing copy has no hash; last use lives on the lookup item only.
      for (const item of result.Items ?? []) {
        const full = await this.get(apiKeySchema.shape.keyId.parse(item.keyId));
        if (full !== undefined) keys.push(full);
      }
      start = result.LastEvaluatedKey;
    } while (start !== undefined);
    return keys;
  }

  async revoke(owner: ApiKeyOwner, keyId: string, at: string): Promise<ApiKey | undefined> {
    const key = await this.get(keyId);
    if (key === undefined || JSON.stringify(key.owner) !== JSON.stringify(owner)) return undefined;
    if (key.revokedAt !== null) return key;
    const set = {
      UpdateExpression: 'SET revokedAt = :at',
      ExpressionAttributeValues: { ':at': at },
    };
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: { TableName: this.#tableName, Key: apiKeyKeys(keyId), ...set } },
          { Update: { TableName: this.#tableName, Key: apiKeyOfOwnerKeys(owner, keyId), ...set } },
        ],
      }),
    );
    return { ...key, revokedAt: at };
  }

  async recordUse(keyId: string, at: string): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: apiKeyKeys(keyId),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
