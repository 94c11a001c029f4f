/**
 * The scoped credentials provider with a mocked STS and an injected clock: the AssumeRole it
 * sends, caching per scope, refresh before expiry, one in-flight call per scope, and failures
 * (throttling) surfacing without poisoning the cache. Also the per-scope client cache.
 */
import { AssumeRoleCommand, type AssumeRoleCommandOutput, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TenantDataClients } from '../../../shared/adapters/aws/dynamodb-clients.ts';
import { ScopedCredentialsProvider } from '../../../shared/adapters/aws/scoped-credentials.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/guichet-data-access';
const SESSION_SECONDS = 3600;
const stsMock = mockClient(STSClient);

let clock: Date;
let issued: number;

const advance = (seconds: number): void => {
  clock = new Date(clock.getTime() + seconds * 1000);
};

/** STS answers with a fresh, numbered key expiring one session from the current clock. */
const answerWithFreshCredentials = (): Promise<AssumeRoleCommandOutput> => {
  issued += 1;
  return Promise.resolve({
    $metadata: {},
    Credentials: {
      AccessKeyId: `ASIAKEY${issued}`,
      SecretAccessKey: `secret-${issued}`,
      SessionToken: `token-${issued}`,
      Expiration: new Date(clock.getTime() + SESSION_SECONDS * 1000),
    },
  });
};

const throttling = (): Error => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

const newProvider = () =>
  new ScopedCredentialsProvider({
    sts: new STSClient({ region: 'eu-west-1' }),
    roleArn: ROLE_ARN,
    now: () => clock,
    sessionDurationSeconds: SESSION_SECONDS,
    refreshBeforeSeconds: 300,
  });

beforeEach(() => {
  stsMock.reset();
  clock = new Date('2030-01-01T00:00:00Z');
  issued = 0;
  stsMock.on(AssumeRoleCommand).callsFake(answerWithFreshCredentials);
});

afterEach(() => {
  stsMock.reset();
});

describe('ScopedCredentialsProvider', () => {
  it('assumes the data-access role with the tenant tag and returns the session', async () => {
    const credentials = await newProvider().credentialsFor({ kind: 'tenant', tenantId: 'ab' });

    expect(credentials).toEqual({
      accessKeyId: 'ASIAKEY1',
      secretAccessKey: 'secret-1',
      sessionToken: 'token-1',
      expiration: new Date('2030-01-01T01:00:00Z'),
    });
    expect(stsMock.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      {
        RoleArn: ROLE_ARN,
        RoleSessionName: 'guichet-tenant-ab',
        DurationSeconds: SESSION_SECONDS,
        Tags: [{ Key: 'TenantId', Value: 'ab' }],
      },
    ]);
  });

  it('tags provider sessions with ProviderId, and never confuses a provider with a tenant of the same id', async () => {
    const provider = newProvider();
    const asProvider = await provider.credentialsFor({ kind: 'provider', providerId: 'x1' });
    const asTenant = await provider.credentialsFor({ kind: 'tenant', tenantId: 'x1' });

    expect(asProvider.accessKeyId).not.toBe(asTenant.accessKeyId);
    expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleSessionName: 'guichet-provider-x1',
      Tags: [{ Key: 'ProviderId', Value: 'x1' }],
    });
  });

  it('serves the cached session until shortly before it expires, then assumes the role again', async () => {
    const provider = newProvider();
    const scope = { kind: 'tenant', tenantId: 'ab' } as const;
    const first = await provider.credentialsFor(scope);

    advance(SESSION_SECONDS - 301);
    expect(await provider.credentialsFor(scope)).toBe(first);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);

    advance(1);
    const refreshed = await provider.credentialsFor(scope);
    expect(refreshed.accessKeyId).toBe('ASIAKEY2');
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('caches each scope separately', async () => {
    const provider = newProvider();
    const ab = await provider.credentialsFor({ kind: 'tenant', tenantId: 'ab' });
    const abc = await provider.credentialsFor({ kind: 'tenant', tenantId: 'abc' });
    expect(ab.accessKeyId).not.toBe(abc.accessKeyId);
    expect(await provider.credentialsFor({ kind: 'tenant', tenantId: 'ab' })).toBe(ab);
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('shares one in-flight AssumeRole between concurrent requests for a scope', async () => {
    const provider = newProvider();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => provider.credentialsFor({ kind: 'tenant', tenantId: 'ab' })),
    );
    expect(new Set(results.map((credentials) => credentials.accessKeyId))).toEqual(new Set(['ASIAKEY1']));
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('surfaces an STS failure as is and caches nothing, so the next request tries again', async () => {
    stsMock.on(AssumeRoleCommand).rejectsOnce(throttling()).callsFake(answerWithFreshCredentials);
    const provider = newProvider();
    const scope = { kind: 'tenant', tenantId: 'ab' } as const;

    const concurrent = await Promise.allSettled([
      provider.credentialsFor(scope),
      provider.credentialsFor(scope),
    ]);
    expect(concurrent.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(concurrent[0]?.status === 'rejected' ? concurrent[0].reason : undefined).toMatchObject({
      name: 'Throttling',
    });
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(1);

    expect((await provider.credentialsFor(scope)).accessKeyId).toBe('ASIAKEY1');
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('rejects an STS answer without usable credentials', async () => {
    stsMock.on(AssumeRoleCommand).resolves({ $metadata: {} });
    await expect(newProvider().credentialsFor({ kind: 'tenant', tenantId: 'ab' })).rejects.toThrow(
      /no usable credentials/,
    );
  });

  it.each(['a#b', '', 'x'.repeat(65), 'a*'])('refuses the id %j without calling STS', async (tenantId) => {
    await expect(newProvider().credentialsFor({ kind: 'tenant', tenantId })).rejects.toThrow(
      /Invalid tenant id/,
    );
    expect(stsMock.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('refuses a refresh margin as long as the session', () => {
    expect(
      () =>
        new ScopedCredentialsProvider({
          sts: new STSClient({ region: 'eu-west-1' }),
          roleArn: ROLE_ARN,
          now: () => clock,
          sessionDurationSeconds: 900,
          refreshBeforeSeconds: 900,
        }),
    ).toThrow(/refreshBeforeSeconds/);
  });
});

describe('TenantDataClients', () => {
  it('keeps one document client per scope, signing with that scope’s session', async () => {
    const clients = new TenantDataClients({ region: 'eu-west-1', credentials: newProvider() });
    try {
      const ab = clients.documentClientFor({ kind: 'tenant', tenantId: 'ab' });
      expect(clients.documentClientFor({ kind: 'tenant', tenantId: 'ab' })).toBe(ab);
      const abc = clients.documentClientFor({ kind: 'tenant', tenantId: 'abc' });
      expect(abc).not.toBe(ab);

      const identity = await ab.config.credentials();
      expect(identity.accessKeyId).toBe('ASIAKEY1');
      expect(stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input.Tags).toEqual([
        { Key: 'TenantId', Value: 'ab' },
      ]);
    } finally {
      clients.destroy();
    }
  });
});
