/**
 * The local STS through the real `@aws-sdk/client-sts` client, so the wire protocol (awsQuery
 * form posts, XML answers and errors) is exercised exactly as the handlers will use it.
 */
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSts, startLocalSts } from '../../../local/data-isolation/local-sts.ts';

const ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-data-access';
const FUNCTION_KEY = 'local-function';

let clock = new Date('2030-01-01T00:00:00Z');
let sts: LocalSts;

const clientSignedWith = (accessKeyId: string): STSClient =>
  new STSClient({
    region: 'eu-west-1',
    endpoint: sts.endpoint,
    credentials: { accessKeyId, secretAccessKey: 'local' },
    maxAttempts: 1,
  });

let functionClient: STSClient;

const assumeRole = (input: Partial<AssumeRoleCommandInput>, client: STSClient = functionClient) =>
  client.send(
    new AssumeRoleCommand({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'guichet-tenant-ab',
      DurationSeconds: 900,
      ...input,
    }),
  );

const errorOf = async (
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: unknown }> => {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const status = '$metadata' in error ? error.$metadata : undefined;
    return { name: error.name, message: error.message, status };
  }
  throw new Error('expected the call to fail');
};

beforeAll(async () => {
  sts = await startLocalSts({
    roleArn: ROLE_ARN,
    now: () => clock,
    trustedCallerAccessKeyIds: [FUNCTION_KEY],
  });
  functionClient = clientSignedWith(FUNCTION_KEY);
});

afterAll(async () => {
  functionClient.destroy();
  await sts.close();
});

describe('local STS', () => {
  it('issues a fresh tenant-scoped session per AssumeRole with a TenantId tag', async () => {
    const first = await assumeRole({ Tags: [{ Key: 'TenantId', Value: 'ab' }] });
    const second = await assumeRole({ Tags: [{ Key: 'TenantId', Value: 'ab' }] });

    const firstKey = first.Credentials?.AccessKeyId ?? '';
    expect(firstKey).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(first.Credentials?.SecretAccessKey).toBeTruthy();
    expect(first.Credentials?.SessionToken).toBeTruthy();
    expect(first.Credentials?.Expiration).toEqual(new Date(clock.getTime() + 900_000));
    expect(first.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::000000000000:assumed-role/guichet-data-access/guichet-tenant-ab',
    );
    expect(second.Credentials?.AccessKeyId).not.toBe(firstKey);
    expect(sts.scopeOf(firstKey)).toEqual({ kind: 'tenant', tenantId: 'ab' });
  });

  it('issues provider-scoped sessions for a ProviderId tag', async () => {
    const output = await assumeRole({
      RoleSessionName: 'guichet-provider-p1',
      Tags: [{ Key: 'ProviderId', Value: 'p1' }],
    });
    expect(sts.scopeOf(output.Credentials?.AccessKeyId ?? '')).toEqual({
      kind: 'provider',
      providerId: 'p1',
    });
  });

  it('knows nothing of keys it did not issue', () => {
    expect(sts.scopeOf(FUNCTION_KEY)).toBeUndefined();
    expect(sts.scopeOf('ASIAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it.each([
    ['a # in the id', [{ Key: 'TenantId', Value: 'a#b' }]],
    ['a wildcard in the id', [{ Key: 'TenantId', Value: 'a*' }]],
    ['an empty id', [{ Key: 'TenantId', Value: '' }]],
    ['an id longer than 64 characters', [{ Key: 'TenantId', Value: 'x'.repeat(65) }]],
    ['no scope tag', [{ Key: 'Team', Value: 'ab' }]],
    [
      'both scope tags',
      [
        { Key: 'TenantId', Value: 'ab' },
        { Key: 'ProviderId', Value: 'p1' },
      ],
    ],
  ])('refuses %s with a ValidationError', async (_case, tags) => {
    const error = await errorOf(assumeRole({ Tags: tags }));
    expect(error.name).toBe('ValidationError');
    expect(error.status).toMatchObject({ httpStatusCode: 400 });
  });

  it('refuses duplicate tag keys, compared case-insensitively as IAM does', async () => {
    const error = await errorOf(
      assumeRole({
        Tags: [
          { Key: 'TenantId', Value: 'ab' },
          { Key: 'tenantid', Value: 'cd' },
        ],
      }),
    );
    expect(error.name).toBe('InvalidParameterValue');
  });

  it('lets only the configured role be assumed', async () => {
    const error = await errorOf(
      assumeRole({
        RoleArn: 'arn:aws:iam::000000000000:role/admin',
        Tags: [{ Key: 'TenantId', Value: 'ab' }],
      }),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toContain('sts:AssumeRole');
  });

  it('admits only trusted callers, and never a session it issued (no hopping to another tenant)', async () => {
    const session = await assumeRole({ Tags: [{ Key: 'TenantId', Value: 'ab' }] });
    const sessionClient = clientSignedWith(session.Credentials?.AccessKeyId ?? '');
    const strangerClient = clientSignedWith('someone-else');
    try {
      expect(
        (await errorOf(assumeRole({ Tags: [{ Key: 'TenantId', Value: 'cd' }] }, sessionClient))).name,
      ).toBe('AccessDenied');
      expect(
        (await errorOf(assumeRole({ Tags: [{ Key: 'TenantId', Value: 'cd' }] }, strangerClient))).name,
      ).toBe('AccessDenied');
    } finally {
      sessionClient.destroy();
      strangerClient.destroy();
    }
  });

  it('refuses durations outside 900 s .. the role maximum', async () => {
    const tooShort = await errorOf(
      assumeRole({ DurationSeconds: 60, Tags: [{ Key: 'TenantId', Value: 'ab' }] }),
    );
    const tooLong = await errorOf(
      assumeRole({ DurationSeconds: 7200, Tags: [{ Key: 'TenantId', Value: 'ab' }] }),
    );
    expect(tooShort.name).toBe('ValidationError');
    expect(tooLong.name).toBe('ValidationError');
  });

  it('forgets a session once it has expired', async () => {
    const output = await assumeRole({ Tags: [{ Key: 'TenantId', Value: 'ab' }] });
    const accessKeyId = output.Credentials?.AccessKeyId ?? '';
    const issuedAt = clock;
    try {
      clock = new Date(issuedAt.getTime() + 899_000);
      expect(sts.scopeOf(accessKeyId)).toEqual({ kind: 'tenant', tenantId: 'ab' });
      clock = new Date(issuedAt.getTime() + 900_000);
      expect(sts.scopeOf(accessKeyId)).toBeUndefined();
    } finally {
      clock = issuedAt;
    }
    expect(sts.scopeOf(accessKeyId)).toBeUndefined();
  });

  it('answers GetCallerIdentity for base keys and sessions', async () => {
    const base = await functionClient.send(new GetCallerIdentityCommand({}));
    expect(base).toMatchObject({
      Account: '000000000000',
      Arn: `arn:aws:iam::000000000000:user/${FUNCTION_KEY}`,
    });

    const session = await assumeRole({ Tags: [{ Key: 'TenantId', Value: 'ab' }] });
    const sessionClient = clientSignedWith(session.Credentials?.AccessKeyId ?? '');
    try {
      const identity = await sessionClient.send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toBe(
        'arn:aws:sts::000000000000:assumed-role/guichet-data-access/guichet-tenant-ab',
      );
    } finally {
      sessionClient.destroy();
    }
  });
});
