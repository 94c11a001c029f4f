/**
 * Runs the isolation checks against a DEPLOYED stage in a real AWS account (not part of CI;
 * see docs/isolation.md). It proves with AWS's own IAM what the local guard proxy proves in
 * the test suite:
 *
 *  1. a session of the data-access role tagged `TenantId=<a>` may read `TENANT#<a>#…`;
 *  2. it is refused `TENANT#<b>#…`, and `TENANT#<a>x#…` (the prefix-collision case: the `#`
 *     after the id matters), and any index partition outside its prefix;
 *  3. it is refused `Scan`, and `PLATFORM#…` items;
 *  4. a provider-tagged session may Query its own `PROVIDER#<p>#…` index partitions only;
 *  5. optionally, over HTTP: tenant A's token reading tenant B's ticket gets 404, and the
 *     unauthenticated API answers 401.
 *
 * Usage (credentials of a principal the data-access role trusts, e.g. an ops role):
 *   npx tsx scripts/check-isolation-deployed.ts --region eu-west-1 --table guichet-prod \
 *     --role-arn arn:aws:iam::123456789012:role/guichet-prod-data-access-read \
 *     [--api-url https://api.example.com --token-a <jwt> --ticket-b <ticketId>]
 * Exit code 0 when every check passes, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient, GetItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SESSION_TAG_KEYS } from '../shared/adapters/aws/scoped-credentials.ts';
import { tableIndexes } from '../shared/adapters/dynamodb/table-definition.ts';

const { values } = parseArgs({
  options: {
    region: { type: 'string' },
    table: { type: 'string' },
    'role-arn': { type: 'string' },
    'tenant-a': { type: 'string', default: 'isolation-check-a' },
    'tenant-b': { type: 'string', default: 'isolation-check-b' },
    provider: { type: 'string', default: 'isolation-check-p' },
    'api-url': { type: 'string' },
    'token-a': { type: 'string' },
    'ticket-b': { type: 'string' },
  },
});

const required = (name: 'region' | 'table' | 'role-arn'): string => {
  const value = values[name];
  if (value === undefined) {
    console.error(`--${name} is required (see the header of this script)`);
    process.exit(2);
  }
  return value;
};

const region = required('region');
const table = required('table');
const roleArn = required('role-arn');
const tenantA = values['tenant-a'] ?? 'isolation-check-a';
const tenantB = values['tenant-b'] ?? 'isolation-check-b';
const providerId = values.provider ?? 'isolation-check-p';

const results: Array<{ check: string; passed: boolean; detail: string }> = [];
const record = (check: string, passed: boolean, detail: string) => {
  results.push({ check, passed, detail });
  console.log(`${passed ? 'PASS' : 'FAIL'}  ${check}${detail === '' ? '' : ` — ${detail}`}`);
};

const clientFor = async (tagKey: string, tagValue: string): Promise<DynamoDBClient> => {
  const sts = new STSClient({ region });
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `isolation-check-${tagValue}`.slice(0, 64),
      DurationSeconds: 900,
      Tags: [{ Key: tagKey, Value: tagValue }],
    }),
  );
  const credentials = session.Credentials;
  if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
    throw new Error('AssumeRole returned no credentials');
  }
  return new DynamoDBClient({
    region,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
    },
  });
};

const outcome = async (run: () => Promise<unknown>): Promise<'allowed' | 'denied' | string> => {
  try {
    await run();
    return 'allowed';
  } catch (error) {
    if (error instanceof Error && error.name === 'AccessDeniedException') return 'denied';
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
};

const expectOutcome = async (check: string, expected: 'allowed' | 'denied', run: () => Promise<unknown>) => {
  const actual = await outcome(run);
  record(check, actual === expected, actual === expected ? '' : `got ${actual}, expected ${expected}`);
};

const getItem = (client: DynamoDBClient, pk: string) => () =>
  client.send(new GetItemCommand({ TableName: table, Key: { PK: { S: pk }, SK: { S: 'TICKET' } } }));

const queryIndex = (client: DynamoDBClient, indexName: string, partitionKey: string, value: string) => () =>
  client.send(
    new QueryCommand({
      TableName: table,
      IndexName: indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partitionKey },
      ExpressionAttributeValues: { ':pk': { S: value } },
      Limit: 1,
    }),
  );

const main = async () => {
  const asTenantA = await clientFor(SESSION_TAG_KEYS.tenant, tenantA);
  await expectOutcome(
    'tenant session reads its own prefix',
    'allowed',
    getItem(asTenantA, `TENANT#${tenantA}#TICKET#x`),
  );
  await expectOutcome(
    'tenant session is refused another tenant',
    'denied',
    getItem(asTenantA, `TENANT#${tenantB}#TICKET#x`),
  );
  await expectOutcome(
    'tenant session is refused a tenant whose id extends its own (prefix collision)',
    'denied',
    getItem(asTenantA, `TENANT#${tenantA}x#TICKET#x`),
  );
  await expectOutcome(
    'tenant session is refused platform items',
    'denied',
    getItem(asTenantA, 'PLATFORM#TENANT#x'),
  );
  await expectOutcome('tenant session is refused Scan', 'denied', () =>
    asTenantA.send(new ScanCommand({ TableName: table, Limit: 1 })),
  );
  for (const index of tableIndexes) {
    await expectOutcome(
      `tenant session is refused another tenant's ${index.name} partition`,
      'denied',
      queryIndex(asTenantA, index.name, index.partitionKey, `TENANT#${tenantB}#QUEUE#0`),
    );
  }

  const asProvider = await clientFor(SESSION_TAG_KEYS.provider, providerId);
  const providerIndex = tableIndexes.at(-1);
  if (providerIndex !== undefined) {
    await expectOutcome(
      `provider session queries its own ${providerIndex.name} partitions`,
      'allowed',
      queryIndex(asProvider, providerIndex.name, providerIndex.partitionKey, `PROVIDER#${providerId}#0`),
    );
    await expectOutcome(
      `provider session is refused another provider's ${providerIndex.name} partitions`,
      'denied',
      queryIndex(asProvider, providerIndex.name, providerIndex.partitionKey, `PROVIDER#${providerId}x#0`),
    );
  }
  await expectOutcome(
    'provider session is refused tenant items',
    'denied',
    getItem(asProvider, `TENANT#${tenantA}#TICKET#x`),
  );

  const apiUrl = values['api-url'];
  if (apiUrl !== undefined) {
    const anonymous = await fetch(`${apiUrl}/v1/tickets`);
    record('API refuses an anonymous call with 401', anonymous.status === 401, `status ${anonymous.status}`);
    if (values['token-a'] !== undefined && values['ticket-b'] !== undefined) {
      const crossed = await fetch(`${apiUrl}/v1/tickets/${values['ticket-b']}`, {
        headers: { authorization: `Bearer ${values['token-a']}` },
      });
      record(
        "tenant A's token reading tenant B's ticket gets 404",
        crossed.status === 404,
        `status ${crossed.status}`,
      );
    }
  }

  const failed = results.filter((result) => !result.passed).length;
  console.log(`\n${results.length - failed}/${results.length} isolation checks passed`);
  process.exit(failed === 0 ? 0 : 1);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
