/**
 * The guard proxy against a real DynamoDB Local, with the real SDK clients and credentials
 * minted by the local STS through `ScopedCredentialsProvider`: what a tenant, a provider and
 * a function may touch, and that a refused transaction writes nothing. A few pure cases of the
 * policy (parsing corners) run without the network.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ExecuteStatementCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbGuardProxy } from '../../../local/data-isolation/dynamodb-guard-proxy.ts';
import {
  decideDynamoDbRequest,
  type GuardPrincipal,
} from '../../../local/data-isolation/leading-keys-policy.ts';
import {
  type LocalDataIsolation,
  startLocalDataIsolation,
} from '../../../local/data-isolation/local-data-isolation.ts';
import {
  assertJavaRuntime,
  type DynamoDbLocal,
  javaMajorVersionOf,
  startDynamoDbLocal,
} from '../../../local/dynamodb-local.ts';
import { createDynamoDbClients, TenantDataClients } from '../../../shared/adapters/aws/dynamodb-clients.ts';
import {
  dataAccessRoleOfInvocation,
  runWithDataAccessRole,
} from '../../../shared/adapters/aws/invocation-data-access-role.ts';
import { ScopedCredentialsProvider } from '../../../shared/adapters/aws/scoped-credentials.ts';

const TABLE = 'guard-test';
const ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-data-access';
const READ_ONLY_ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-data-access-read';
const ADMIN_KEY = 'localAdmin';
const FUNCTION_KEY = 'localFunction';
const REGION = 'eu-west-1';

let dynamoDbLocal: DynamoDbLocal;
let isolation: LocalDataIsolation;
/** The local STS's clock, moved to expire sessions. */
let stsClock = new Date();
let proxy: DynamoDbGuardProxy;
let stsClient: STSClient;
let tenantData: TenantDataClients;
let admin: { client: DynamoDBClient; documentClient: DynamoDBDocumentClient };
let functionClients: { client: DynamoDBClient; documentClient: DynamoDBDocumentClient };

const tenantAb = (): DynamoDBDocumentClient =>
  tenantData.documentClientFor({ kind: 'tenant', tenantId: 'ab' });
const providerP1 = (): DynamoDBDocumentClient =>
  tenantData.documentClientFor({ kind: 'provider', providerId: 'p1' });

const clientsSignedWith = (accessKeyId: string) =>
  createDynamoDbClients({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });

/** The error name the SDK raised, or `undefined` if the call succeeded. */
const failureOf = async (call: Promise<unknown>): Promise<string | undefined> => {
  try {
    await call;
    return undefined;
  } catch (error) {
    if (error instanceof Error) return error.name;
    throw error;
  }
};

const adminGet = async (PK: string, SK: string) =>
  (await admin.documentClient.send(new GetCommand({ TableName: TABLE, Key: { PK, SK } }))).Item;

beforeAll(async () => {
  dynamoDbLocal = await startDynamoDbLocal({ port: 0 });
  isolation = await startLocalDataIsolation({
    dynamoDbLocalEndpoint: dynamoDbLocal.endpoint,
    roleArn: ROLE_ARN,
    readOnlyRoleArn: READ_ONLY_ROLE_ARN,
    functionAccessKeyIds: [FUNCTION_KEY],
    adminAccessKeyId: ADMIN_KEY,
    region: REGION,
    now: () => stsClock,
  });
  proxy = isolation.proxy;
  stsClient = new STSClient({
    region: REGION,
    endpoint: isolation.stsEndpoint,
    credentials: { accessKeyId: FUNCTION_KEY, secretAccessKey: 'local' },
  });
  tenantData = new TenantDataClients({
    region: REGION,
    endpoint: proxy.endpoint,
    credentials: new ScopedCredentialsProvider({ sts: stsClient, roleArn: ROLE_ARN, now: () => new Date() }),
    // As the local runtime does: the invoked function's role, named per invocation.
    roleOfInvocation: dataAccessRoleOfInvocation,
  });
  admin = clientsSignedWith(ADMIN_KEY);
  functionClients = clientsSignedWith(FUNCTION_KEY);

  await admin.client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  await admin.documentClient.send(
    new BatchWriteCommand({
      RequestItems: {
        [TABLE]: [
          {
            PutRequest: {
              Item: { PK: 'TENANT#abc#TICKET#1', SK: 'TICKET', GSI1PK: 'PROVIDER#p2#QUEUE#0', GSI1SK: '1' },
            },
          },
          {
            PutRequest: {
              Item: { PK: 'TENANT#b#TICKET#1', SK: 'TICKET', GSI1PK: 'TENANT#b#REQUESTER#u', GSI1SK: '1' },
            },
          },
        ],
      },
    }),
  );
}, 120_000);

afterAll(async () => {
  tenantData?.destroy();
  admin?.client.destroy();
  functionClients?.client.destroy();
  stsClient?.destroy();
  await isolation?.close();
  await dynamoDbLocal?.stop();
}, 30_000);

describe('guard proxy: a tenant session', () => {
  it('reads and writes its own partitions, on the table and on an index', async () => {
    await tenantAb().send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          PK: 'TENANT#ab#TICKET#1',
          SK: 'TICKET',
          GSI1PK: 'TENANT#ab#REQUESTER#u',
          GSI1SK: '2030-01-01',
          title: 'Printer on fire',
          optional: undefined,
        },
      }),
    );
    const read = await tenantAb().send(
      new GetCommand({ TableName: TABLE, Key: { PK: 'TENANT#ab#TICKET#1', SK: 'TICKET' } }),
    );
    expect(read.Item).toMatchObject({ title: 'Printer on fire' });

    const byTable = await tenantAb().send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: '#pk = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeNames: { '#pk': 'PK' },
        ExpressionAttributeValues: { ':pk': 'TENANT#ab#TICKET#1', ':sk': 'TICK' },
      }),
    );
    expect(byTable.Items).toHaveLength(1);

    const byIndex = await tenantAb().send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#ab#REQUESTER#u' },
      }),
    );
    expect(byIndex.Items).toHaveLength(1);

    await tenantAb().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: { PK: 'TENANT#ab#TICKET#1', SK: 'TICKET' },
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': 'Printer extinguished' },
      }),
    );
    expect(await adminGet('TENANT#ab#TICKET#1', 'TICKET')).toMatchObject({ title: 'Printer extinguished' });
  });

  it.each(['TENANT#abc#TICKET#1', 'TENANT#b#TICKET#1', 'PLATFORM#TENANT#ab', 'TENANT#ab'])(
    'cannot get, put or query partition %s',
    async (foreign) => {
      const refusalsBefore = proxy.refusals.length;
      expect(
        await failureOf(
          tenantAb().send(new GetCommand({ TableName: TABLE, Key: { PK: foreign, SK: 'TICKET' } })),
        ),
      ).toBe('AccessDeniedException');
      expect(
        await failureOf(
          tenantAb().send(new PutCommand({ TableName: TABLE, Item: { PK: foreign, SK: 'INTRUDER' } })),
        ),
      ).toBe('AccessDeniedException');
      expect(
        await failureOf(
          tenantAb().send(
            new QueryCommand({
              TableName: TABLE,
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': foreign },
            }),
          ),
        ),
      ).toBe('AccessDeniedException');
      expect(proxy.refusals.slice(refusalsBefore).map((refusal) => refusal.operation)).toEqual([
        'GetItem',
        'PutItem',
        'Query',
      ]);
      expect(await adminGet(foreign, 'INTRUDER')).toBeUndefined();
    },
  );

  it('cannot query another tenant through an index', async () => {
    const failure = await failureOf(
      tenantAb().send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'GSI1',
          KeyConditionExpression: ':pk = #gsi',
          ExpressionAttributeNames: { '#gsi': 'GSI1PK' },
          ExpressionAttributeValues: { ':pk': 'TENANT#b#REQUESTER#u' },
        }),
      ),
    );
    expect(failure).toBe('AccessDeniedException');
  });

  it('cannot Scan, not even its own items', async () => {
    expect(await failureOf(tenantAb().send(new ScanCommand({ TableName: TABLE })))).toBe(
      'AccessDeniedException',
    );
    expect(proxy.refusals.at(-1)).toMatchObject({ operation: 'Scan' });
  });

  it('cannot run PartiQL, whose keys the guard cannot prove', async () => {
    const session = tenantAb();
    const statement = new ExecuteStatementCommand({ Statement: `SELECT * FROM "${TABLE}"` });
    expect(await failureOf(session.send(statement))).toBe('AccessDeniedException');
  });

  it('has a transaction with one foreign element refused whole: nothing is written', async () => {
    const failure = await failureOf(
      tenantAb().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: TABLE, Item: { PK: 'TENANT#ab#TICKET#2', SK: 'TICKET' } } },
            { Put: { TableName: TABLE, Item: { PK: 'TENANT#ab#OUTBOX#e2', SK: 'OUTBOX' } } },
            {
              ConditionCheck: {
                TableName: TABLE,
                Key: { PK: 'TENANT#abc#TICKET#1', SK: 'TICKET' },
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
          ],
        }),
      ),
    );
    expect(failure).toBe('AccessDeniedException');
    expect(await adminGet('TENANT#ab#TICKET#2', 'TICKET')).toBeUndefined();
    expect(await adminGet('TENANT#ab#OUTBOX#e2', 'OUTBOX')).toBeUndefined();
  });

  it('commits a transaction whose elements are all its own', async () => {
    await tenantAb().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { PK: 'TENANT#ab#TICKET#3', SK: 'TICKET' } } },
          { Put: { TableName: TABLE, Item: { PK: 'TENANT#ab#OUTBOX#e3', SK: 'OUTBOX' } } },
        ],
      }),
    );
    expect(await adminGet('TENANT#ab#OUTBOX#e3', 'OUTBOX')).toBeDefined();
  });

  it('has batches with one foreign item refused', async () => {
    const write = await failureOf(
      tenantAb().send(
        new BatchWriteCommand({
          RequestItems: {
            [TABLE]: [
              { PutRequest: { Item: { PK: 'TENANT#ab#TICKET#4', SK: 'TICKET' } } },
              { DeleteRequest: { Key: { PK: 'TENANT#b#TICKET#1', SK: 'TICKET' } } },
            ],
          },
        }),
      ),
    );
    expect(write).toBe('AccessDeniedException');
    expect(await adminGet('TENANT#ab#TICKET#4', 'TICKET')).toBeUndefined();
    expect(await adminGet('TENANT#b#TICKET#1', 'TICKET')).toBeDefined();

    const read = await failureOf(
      tenantAb().send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: [
                { PK: 'TENANT#ab#TICKET#1', SK: 'TICKET' },
                { PK: 'TENANT#abc#TICKET#1', SK: 'TICKET' },
              ],
            },
          },
        }),
      ),
    );
    expect(read).toBe('AccessDeniedException');
  });

  it('may describe the table', async () => {
    const session = tenantAb();
    const description = await session.send(new DescribeTableCommand({ TableName: TABLE }));
    expect(description.Table?.TableName).toBe(TABLE);
  });
});

describe('guard proxy: other principals', () => {
  it('lets a provider session query its own queue partition on an index, and nothing else', async () => {
    await admin.documentClient.send(
      new PutCommand({
        TableName: TABLE,
        Item: { PK: 'TENANT#ab#TICKET#9', SK: 'TICKET', GSI1PK: 'PROVIDER#p1#QUEUE#0', GSI1SK: '2030-01-02' },
      }),
    );
    const queue = (partition: string) =>
      providerP1().send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': partition },
        }),
      );
    expect((await queue('PROVIDER#p1#QUEUE#0')).Items).toEqual([
      expect.objectContaining({ PK: 'TENANT#ab#TICKET#9' }),
    ]);
    expect(await failureOf(queue('PROVIDER#p2#QUEUE#0'))).toBe('AccessDeniedException');
    expect(await failureOf(queue('TENANT#ab#REQUESTER#u'))).toBe('AccessDeniedException');
    expect(
      await failureOf(
        providerP1().send(
          new GetCommand({ TableName: TABLE, Key: { PK: 'TENANT#ab#TICKET#9', SK: 'TICKET' } }),
        ),
      ),
    ).toBe('AccessDeniedException');
    expect(
      await failureOf(
        providerP1().send(new PutCommand({ TableName: TABLE, Item: { PK: 'PROVIDER#p1#X', SK: 'X' } })),
      ),
    ).toBe('AccessDeniedException');
  });

  it('confines the function key to PLATFORM# partitions', async () => {
    await functionClients.documentClient.send(
      new PutCommand({ TableName: TABLE, Item: { PK: 'PLATFORM#TENANT#ab', SK: 'TENANT', tier: 'gold' } }),
    );
    const read = await functionClients.documentClient.send(
      new GetCommand({ TableName: TABLE, Key: { PK: 'PLATFORM#TENANT#ab', SK: 'TENANT' } }),
    );
    expect(read.Item).toMatchObject({ tier: 'gold' });
    expect(
      await failureOf(
        functionClients.documentClient.send(
          new GetCommand({ TableName: TABLE, Key: { PK: 'TENANT#ab#TICKET#1', SK: 'TICKET' } }),
        ),
      ),
    ).toBe('AccessDeniedException');
    expect(await failureOf(functionClients.documentClient.send(new ScanCommand({ TableName: TABLE })))).toBe(
      'AccessDeniedException',
    );
  });

  it('refuses unknown keys, even for DescribeTable, and names the reason', async () => {
    const stranger = clientsSignedWith('ASIAUNKNOWNUNKNOWN00');
    try {
      expect(await failureOf(stranger.client.send(new DescribeTableCommand({ TableName: TABLE })))).toBe(
        'AccessDeniedException',
      );
      expect(proxy.refusals.at(-1)).toMatchObject({
        operation: 'DescribeTable',
        accessKeyId: 'ASIAUNKNOWNUNKNOWN00',
        reason: expect.stringContaining('not known'),
      });
    } finally {
      stranger.client.destroy();
    }
  });

  it('lets the admin key Scan and read the stream; no one else reads the stream', async () => {
    const scanned = await admin.documentClient.send(new ScanCommand({ TableName: TABLE }));
    expect(scanned.Items?.length).toBeGreaterThan(3);

    const streamsAs = (accessKeyId: string) =>
      new DynamoDBStreamsClient({
        region: REGION,
        endpoint: proxy.endpoint,
        credentials: { accessKeyId, secretAccessKey: 'local' },
      });
    const adminStreams = streamsAs(ADMIN_KEY);
    const functionStreams = streamsAs(FUNCTION_KEY);
    try {
      const streams = await adminStreams.send(new ListStreamsCommand({ TableName: TABLE }));
      expect(streams.Streams).toHaveLength(1);
      expect(await failureOf(functionStreams.send(new ListStreamsCommand({ TableName: TABLE })))).toBe(
        'AccessDeniedException',
      );
    } finally {
      adminStreams.destroy();
      functionStreams.destroy();
    }
  });
});

describe('guard proxy: expired sessions', () => {
  it('refuses a session key once the local STS has let it expire', async () => {
    const session = await stsClient.send(
      new AssumeRoleCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: 'guichet-tenant-ab',
        DurationSeconds: 900,
        Tags: [{ Key: 'TenantId', Value: 'ab' }],
      }),
    );
    const signed = clientsSignedWith(session.Credentials?.AccessKeyId ?? '');
    const get = () =>
      signed.documentClient.send(
        new GetCommand({ TableName: TABLE, Key: { PK: 'TENANT#ab#TICKET#1', SK: 'TICKET' } }),
      );
    const issuedAt = stsClock;
    try {
      expect(await failureOf(get())).toBeUndefined();
      stsClock = new Date(issuedAt.getTime() + 901_000);
      expect(await failureOf(get())).toBe('AccessDeniedException');
      expect(proxy.refusals.at(-1)?.reason).toContain('not known');
    } finally {
      stsClock = issuedAt;
      signed.client.destroy();
    }
  });
});

describe('DynamoDB Local launcher', () => {
  it('fails clearly when the port is taken', async () => {
    await expect(startDynamoDbLocal({ port: proxy.port })).rejects.toThrow(
      `port ${proxy.port} is already in use`,
    );
  });

  it('says how to install Java when it is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(assertJavaRuntime()).rejects.toThrow(
        /`java` was not found.*apt-get install -y default-jre-headless.*brew install openjdk@17/s,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('reads Java major versions in both numbering schemes', () => {
    expect(javaMajorVersionOf('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajorVersionOf('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajorVersionOf('java version "1.8.0_392"')).toBe(8);
    expect(javaMajorVersionOf('command not found')).toBeUndefined();
  });
});

describe('leading keys policy (pure)', () => {
  const tenant: GuardPrincipal = { kind: 'scoped', scope: { kind: 'tenant', tenantId: 'ab' } };
  const query = (body: Record<string, unknown>) =>
    decideDynamoDbRequest(tenant, 'DynamoDB_20120810.Query', { TableName: TABLE, ...body });

  it('reads the partition value from either side of the equality, through placeholders', () => {
    const reversed = (value: string) => ({
      KeyConditionExpression: ':pk = #p AND #s BETWEEN :a AND :b',
      ExpressionAttributeNames: { '#p': 'PK', '#s': 'SK' },
      ExpressionAttributeValues: { ':pk': { S: value }, ':a': { S: 'A' }, ':b': { S: 'B' } },
    });
    expect(query(reversed('TENANT#ab#X')).allowed).toBe(true);
    expect(query(reversed('TENANT#abc#X')).allowed).toBe(false);
  });

  it('refuses a partition key compared other than for equality', () => {
    const body = {
      KeyConditionExpression: 'begins_with(PK, :prefix)',
      ExpressionAttributeValues: { ':prefix': { S: 'TENANT#ab#' } },
    };
    expect(query(body)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('other than in an equality'),
    });
  });

  it('reads the partition value from legacy KeyConditions', () => {
    const keyConditions = (value: string) => ({
      KeyConditions: { PK: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: value }] } },
    });
    expect(query(keyConditions('TENANT#ab#X')).allowed).toBe(true);
    expect(query(keyConditions('TENANT#b#X')).allowed).toBe(false);
  });

  it.each([
    [
      'an undefined placeholder',
      { KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'TENANT#ab#X' } } },
    ],
    ['a missing value', { KeyConditionExpression: 'PK = :pk' }],
    [
      'a non-string partition value',
      { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { N: '1' } } },
    ],
    [
      'an index the table does not define',
      {
        IndexName: 'GSI9',
        KeyConditionExpression: 'X = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'TENANT#ab#X' } },
      },
    ],
    [
      'no partition equality',
      { KeyConditionExpression: 'SK = :sk', ExpressionAttributeValues: { ':sk': { S: 'TENANT#ab#X' } } },
    ],
    [
      'an unparsable expression',
      {
        KeyConditionExpression: 'PK = :pk; DROP',
        ExpressionAttributeValues: { ':pk': { S: 'TENANT#ab#X' } },
      },
    ],
  ])('fails closed on %s', (_case, body) => {
    expect(query(body).allowed).toBe(false);
  });

  it('refuses a malformed body and an item without its partition key', () => {
    expect(decideDynamoDbRequest(tenant, 'DynamoDB_20120810.GetItem', undefined).allowed).toBe(false);
    expect(
      decideDynamoDbRequest(tenant, 'DynamoDB_20120810.PutItem', {
        TableName: TABLE,
        Item: { SK: { S: 'x' } },
      }).allowed,
    ).toBe(false);
  });

  it('keeps control-plane and PartiQL operations for the admin key', () => {
    for (const operation of [
      'CreateTable',
      'DeleteTable',
      'UpdateTimeToLive',
      'ExecuteStatement',
      'ExecuteTransaction',
    ]) {
      expect(
        decideDynamoDbRequest({ kind: 'function' }, `DynamoDB_20120810.${operation}`, { TableName: TABLE })
          .allowed,
      ).toBe(false);
      expect(
        decideDynamoDbRequest({ kind: 'admin' }, `DynamoDB_20120810.${operation}`, { TableName: TABLE })
          .allowed,
      ).toBe(true);
    }
  });
});

describe("guard proxy: the read-only data-access role (a function declared table: 'read')", () => {
  const asReadOnlyFunction = <T>(work: () => Promise<T>) => runWithDataAccessRole(READ_ONLY_ROLE_ARN, work);
  const key = { PK: 'TENANT#ab#TICKET#read-only', SK: 'TICKET' };

  beforeAll(async () => {
    await tenantAb().send(new PutCommand({ TableName: TABLE, Item: { ...key, status: 'new' } }));
  });

  it('reads its tenant as the read-write role does', async () => {
    const item = await asReadOnlyFunction(
      async () => (await tenantAb().send(new GetCommand({ TableName: TABLE, Key: key }))).Item,
    );
    expect(item).toMatchObject({ status: 'new' });
  });

  type Write = (client: DynamoDBDocumentClient) => Promise<unknown>;
  const writes: ReadonlyArray<readonly [string, Write]> = [
    ['PutItem', (c) => c.send(new PutCommand({ TableName: TABLE, Item: { ...key, status: 'changed' } }))],
    [
      'UpdateItem',
      (c) =>
        c.send(
          new UpdateCommand({
            TableName: TABLE,
            Key: key,
            UpdateExpression: 'SET #s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': 'changed' },
          }),
        ),
    ],
    ['DeleteItem', (c) => c.send(new DeleteCommand({ TableName: TABLE, Key: key }))],
    [
      'BatchWriteItem',
      (c) => c.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: key } }] } })),
    ],
    [
      'TransactWriteItems (a ConditionCheck only)',
      (c) =>
        c.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: TABLE, Key: key, ConditionExpression: 'attribute_exists(PK)' } },
            ],
          }),
        ),
    ],
  ];

  it.each(writes)('is refused %s in its own tenant, and nothing changes', async (_operation, write) => {
    const failure = await asReadOnlyFunction(() => failureOf(write(tenantAb())));
    expect(failure).toBe('AccessDeniedException');
    expect(await adminGet(key.PK, key.SK)).toMatchObject({ status: 'new' });
  });

  it('keeps the read-write role writing, even for the same tenant in the same process', async () => {
    await asReadOnlyFunction(() => tenantAb().send(new GetCommand({ TableName: TABLE, Key: key })));
    await tenantAb().send(
      new UpdateCommand({
        TableName: TABLE,
        Key: key,
        UpdateExpression: 'SET touched = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    expect(await adminGet(key.PK, key.SK)).toMatchObject({ status: 'new', touched: true });
  });

  it('lets no invocation assume a role the STS does not know (a table: none function)', async () => {
    const failure = await runWithDataAccessRole('arn:aws:iam::000000000000:role/no-data-access', () =>
      failureOf(tenantAb().send(new GetCommand({ TableName: TABLE, Key: key }))),
    );
    expect(failure).toBe('AccessDenied');
  });
});
