/**
 * The decision IAM takes in AWS for Guichet's DynamoDB roles, as a pure function so it can be
 * tested without a network: which operations a principal may call, and whether every
 * partition key value the request touches starts with the principal's prefix
 * (`dynamodb:LeadingKeys` `ForAllValues:StringLike` `<prefix>*`).
 *
 * It fails closed: a request whose keys cannot be found (malformed body, unknown index,
 * unparsable key condition, non-string key) is refused, since IAM would not let an unproven
 * request through either.
 */
import { z } from 'zod';
import { type DataScope, leadingKeyPrefixOf } from '../../shared/adapters/aws/scoped-credentials.ts';
import { TABLE_PARTITION_KEY, tableIndexes } from '../../shared/adapters/dynamodb/table-definition.ts';
import { partitionValueReferences } from './key-condition.ts';

/** Who signed a request, as the guard sees it. */
export type GuardPrincipal =
  /** Table bootstrap, demo seeding and the local stream reader: anything goes. */
  | { readonly kind: 'admin' }
  /** A function's own role: `PLATFORM#` partitions only. */
  | { readonly kind: 'function' }
  /** A data-access session: the read role may only read (`access` omitted: read-write). */
  | { readonly kind: 'scoped'; readonly scope: DataScope; readonly access?: 'read' | 'read-write' };

export type GuardDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string; readonly tableName: string | undefined };

/** Partition key attribute names of the table and of each index, as the guard must know them. */
export interface TableKeySchema {
  readonly partitionKey: string;
  readonly indexPartitionKeys: ReadonlyMap<string, string>;
}

/** Guichet's own key schema, from the table definition the CDK app also reads. */
export const guichetKeySchema: TableKeySchema = {
  partitionKey: TABLE_PARTITION_KEY,
  indexPartitionKeys: new Map(tableIndexes.map((index) => [index.name, index.partitionKey])),
};

export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';
export const DYNAMODB_STREAMS_TARGET_PREFIX = 'DynamoDBStreams_20120810.';

/** Describing the table reveals no tenant data; the SDK and the bootstrap call these freely. */
const metadataOperations = new Set([
  'DescribeTable',
  'ListTables',
  'DescribeTimeToLive',
  'DescribeLimits',
  'DescribeEndpoints',
  'DescribeContinuousBackups',
  'ListTagsOfResource',
]);
const readOperations = new Set(['GetItem', 'Query', 'BatchGetItem', 'TransactGetItems']);
const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

const keyMapSchema = z.record(z.string(), z.unknown());
const stringAttributeSchema = z.object({ S: z.string() });
const tableNameSchema = z.object({ TableName: z.string().optional() });

const singleItemSchemas = {
  GetItem: z.object({ TableName: z.string(), Key: keyMapSchema }),
  DeleteItem: z.object({ TableName: z.string(), Key: keyMapSchema }),
  UpdateItem: z.object({ TableName: z.string(), Key: keyMapSchema }),
  PutItem: z.object({ TableName: z.string(), Item: keyMapSchema }),
} as const;

const querySchema = z.object({
  TableName: z.string(),
  IndexName: z.string().optional(),
  KeyConditionExpression: z.string().optional(),
  KeyConditions: z.record(z.string(), z.unknown()).optional(),
  ExpressionAttributeNames: z.record(z.string(), z.string()).optional(),
  ExpressionAttributeValues: keyMapSchema.optional(),
});

const legacyKeyConditionSchema = z.object({
  ComparisonOperator: z.literal('EQ'),
  AttributeValueList: z.tuple([stringAttributeSchema]),
});

const batchGetSchema = z.object({
  RequestItems: z.record(z.string(), z.object({ Keys: z.array(keyMapSchema) })),
});

const batchWriteSchema = z.object({
  RequestItems: z.record(
    z.string(),
    z.array(
      z.union([
        z.strictObject({ PutRequest: z.object({ Item: keyMapSchema }) }),
        z.strictObject({ DeleteRequest: z.object({ Key: keyMapSchema }) }),
      ]),
    ),
  ),
});

const transactGetSchema = z.object({
  TransactItems: z.array(z.strictObject({ Get: z.object({ TableName: z.string(), Key: keyMapSchema }) })),
});

const transactWriteSchema = z.object({
  TransactItems: z.array(
    z.union([
      z.strictObject({ Put: z.object({ TableName: z.string(), Item: keyMapSchema }) }),
      z.strictObject({ Update: z.object({ TableName: z.string(), Key: keyMapSchema }) }),
      z.strictObject({ Delete: z.object({ TableName: z.string(), Key: keyMapSchema }) }),
      z.strictObject({ ConditionCheck: z.object({ TableName: z.string(), Key: keyMapSchema }) }),
    ]),
  ),
});

/** A touched partition: the table it belongs to and the key value, or why it is unknown. */
interface TouchedPartitions {
  readonly tableName: string | undefined;
  readonly values: readonly string[];
}

class UnprovableRequest extends Error {}

const partitionValueOf = (keyOrItem: Record<string, unknown>, partitionKey: string): string => {
  const attribute = stringAttributeSchema.safeParse(keyOrItem[partitionKey]);
  if (!attribute.success)
    throw new UnprovableRequest(`partition key ${partitionKey} is missing or not a string`);
  return attribute.data.S;
};

const parseOrRefuse = <Output>(schema: z.ZodType<Output>, body: unknown, operation: string): Output => {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new UnprovableRequest(`${operation} request does not have the expected shape`);
  return parsed.data;
};

const queryPartitions = (body: unknown, schema: TableKeySchema): TouchedPartitions => {
  const query = parseOrRefuse(querySchema, body, 'Query');
  const partitionKey =
    query.IndexName === undefined ? schema.partitionKey : schema.indexPartitionKeys.get(query.IndexName);
  if (partitionKey === undefined)
    throw new UnprovableRequest(`index ${query.IndexName} is not part of the table definition`);

  if (query.KeyConditionExpression !== undefined && query.KeyConditions === undefined) {
    const references = partitionValueReferences(
      query.KeyConditionExpression,
      partitionKey,
      query.ExpressionAttributeNames ?? {},
    );
    if (!references.ok) throw new UnprovableRequest(references.reason);
    const attributeValues = query.ExpressionAttributeValues ?? {};
    const values = references.valueReferences.map((reference) => {
      const value = stringAttributeSchema.safeParse(attributeValues[reference]);
      if (!value.success) throw new UnprovableRequest(`${reference} is missing or not a string`);
      return value.data.S;
    });
    return { tableName: query.TableName, values };
  }
  if (query.KeyConditions !== undefined && query.KeyConditionExpression === undefined) {
    const condition = legacyKeyConditionSchema.safeParse(query.KeyConditions[partitionKey]);
    if (!condition.success)
      throw new UnprovableRequest(`KeyConditions do not fix partition key ${partitionKey}`);
    return { tableName: query.TableName, values: [condition.data.AttributeValueList[0].S] };
  }
  throw new UnprovableRequest('Query needs exactly one of KeyConditionExpression or KeyConditions');
};

/** Every partition key value an item-level operation touches, in request order. */
const touchedPartitions = (operation: string, body: unknown, schema: TableKeySchema): TouchedPartitions => {
  const { partitionKey } = schema;
  switch (operation) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem': {
      const request = parseOrRefuse(singleItemSchemas[operation], body, operation);
      return { tableName: request.TableName, values: [partitionValueOf(request.Key, partitionKey)] };
    }
    case 'PutItem': {
      const request = parseOrRefuse(singleItemSchemas.PutItem, body, operation);
      return { tableName: request.TableName, values: [partitionValueOf(request.Item, partitionKey)] };
    }
    case 'Query':
      return queryPartitions(body, schema);
    case 'BatchGetItem': {
      const request = parseOrRefuse(batchGetSchema, body, operation);
      const tables = Object.entries(request.RequestItems);
      return {
        tableName: tables[0]?.[0],
        values: tables.flatMap(([, { Keys }]) => Keys.map((key) => partitionValueOf(key, partitionKey))),
      };
    }
    case 'BatchWriteItem': {
      const request = parseOrRefuse(batchWriteSchema, body, operation);
      const tables = Object.entries(request.RequestItems);
      return {
        tableName: tables[0]?.[0],
        values: tables.flatMap(([, writes]) =>
          writes.map((write) =>
            partitionValueOf(
              'PutRequest' in write ? write.PutRequest.Item : write.DeleteRequest.Key,
              partitionKey,
            ),
          ),
        ),
      };
    }
    case 'TransactGetItems': {
      const request = parseOrRefuse(transactGetSchema, body, operation);
      return {
        tableName: request.TransactItems[0]?.Get.TableName,
        values: request.TransactItems.map(({ Get }) => partitionValueOf(Get.Key, partitionKey)),
      };
    }
    case 'TransactWriteItems': {
      const request = parseOrRefuse(transactWriteSchema, body, operation);
      const elements = request.TransactItems.map((element) =>
        'Put' in element
          ? { tableName: element.Put.TableName, key: element.Put.Item }
          : 'Update' in element
            ? { tableName: element.Update.TableName, key: element.Update.Key }
            : 'Delete' in element
              ? { tableName: element.Delete.TableName, key: element.Delete.Key }
              : { tableName: element.ConditionCheck.TableName, key: element.ConditionCheck.Key },
      );
      return {
        tableName: elements[0]?.tableName,
        values: elements.map(({ key }) => partitionValueOf(key, partitionKey)),
      };
    }
    default:
      throw new UnprovableRequest(`${operation} is not an item-level operation`);
  }
};

const tableNameOf = (body: unknown): string | undefined => {
  const parsed = tableNameSchema.safeParse(body);
  return parsed.success ? parsed.data.TableName : undefined;
};

const allowedPrefixOf = (principal: Exclude<GuardPrincipal, { kind: 'admin' }>): string =>
  principal.kind === 'function' ? 'PLATFORM#' : leadingKeyPrefixOf(principal.scope);

/**
 * Provider sessions exist for the cross-tenant queue: their role grants `dynamodb:Query` on the
 * table's indexes and nothing else (no base-table reads, no writes).
 */
const operationAllowedFor = (
  principal: Exclude<GuardPrincipal, { kind: 'admin' }>,
  operation: string,
): boolean => {
  if (metadataOperations.has(operation)) return true;
  if (principal.kind === 'scoped' && principal.scope.kind === 'provider') return operation === 'Query';
  // The read-only data-access role grants GetItem, BatchGetItem and Query: no write of any kind
  // (a TransactWriteItems that only condition-checks needs dynamodb:ConditionCheckItem, not granted).
  if (principal.kind === 'scoped' && principal.access === 'read') return readOperations.has(operation);
  return readOperations.has(operation) || writeOperations.has(operation);
};

const providerQueriesAnIndex = (
  principal: Exclude<GuardPrincipal, { kind: 'admin' }>,
  body: unknown,
): boolean =>
  !(principal.kind === 'scoped' && principal.scope.kind === 'provider') ||
  z.object({ IndexName: z.string() }).safeParse(body).success;

/**
 * Whether `principal` may send the request with `X-Amz-Target: target` and the (already
 * JSON-parsed) `body`, as the data-access and function roles' policies would decide.
 */
export const decideDynamoDbRequest = (
  principal: GuardPrincipal,
  target: string,
  body: unknown,
  schema: TableKeySchema = guichetKeySchema,
): GuardDecision => {
  if (principal.kind === 'admin') return { allowed: true };
  const tableName = tableNameOf(body);
  if (!target.startsWith(DYNAMODB_TARGET_PREFIX)) {
    return {
      allowed: false,
      reason: `${target || 'a request without X-Amz-Target'} is reserved to the admin key`,
      tableName,
    };
  }
  const operation = target.slice(DYNAMODB_TARGET_PREFIX.length);
  if (!operationAllowedFor(principal, operation)) {
    return { allowed: false, reason: `${operation} is not granted to this principal`, tableName };
  }
  if (metadataOperations.has(operation)) return { allowed: true };
  if (!providerQueriesAnIndex(principal, body)) {
    return { allowed: false, reason: 'provider sessions may only query indexes', tableName };
  }

  try {
    const touched = touchedPartitions(operation, body, schema);
    const prefix = allowedPrefixOf(principal);
    const foreign = touched.values.find((value) => !value.startsWith(prefix));
    if (touched.values.length === 0) {
      return { allowed: false, reason: 'the request names no partition key', tableName: touched.tableName };
    }
    if (foreign !== undefined) {
      return {
        allowed: false,
        reason: `partition key ${JSON.stringify(foreign)} does not start with ${JSON.stringify(prefix)}`,
        tableName: touched.tableName,
      };
    }
    return { allowed: true };
  } catch (error) {
    if (error instanceof UnprovableRequest) return { allowed: false, reason: error.message, tableName };
    throw error;
  }
};
