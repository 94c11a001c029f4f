/**
 * A tenant's ordered rule lists (triage, routing) as one item each: read whole, replaced whole
 * (rules are few, and order is the point), with tenant-scoped clients. The item schema is the
 * caller's, so each list is parsed on read, never cast.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { tenantRulesKeys } from './keys.ts';

export class DynamoDbTenantRulesStore<T> {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  readonly #list: 'TRIAGE' | 'ROUTING';
  readonly #schema: z.ZodType<T>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
    list: 'TRIAGE' | 'ROUTING';
    ruleSchema: z.ZodType<T>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
    this.#list = options.list;
    this.#schema = options.ruleSchema;
  }

  async read(tenantId: string): Promise<readonly T[]> {
    const client = await this.#clientForTenant(tenantId);
    const result = await client.send(
      new GetCommand({ TableName: this.#tableName, Key: tenantRulesKeys(tenantId, this.#list) }),
    );
    if (result.Item === undefined) return [];
    const stored = z.object({ rules: z.string() }).parse(result.Item).rules;
    return z.array(this.#schema).parse(JSON.parse(stored));
  }

  async replace(tenantId: string, rules: readonly T[], updatedAt: string): Promise<void> {
    const client = await this.#clientForTenant(tenantId);
    await client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          ...tenantRulesKeys(tenantId, this.#list),
          entityType: `${this.#list}_RULES`,
          // Stored as JSON: rules hold empty maps (`when: {}`), which the local stream relay cannot unmarshal.
          rules: JSON.stringify(rules),
          updatedAt,
        },
      }),
    );
  }
}
