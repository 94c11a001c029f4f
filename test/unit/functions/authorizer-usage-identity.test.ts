/**
 * The authoriser returns a usage identifier for every principal kind it admits (token routes
 * require one in AWS), and denies a tenant that has none. Its dependencies are replaced by
 * fakes: the verified token decides the kind, the directory the tenant's standing.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  IssuerOwner,
  IssuerRegistration,
  TenantStanding,
} from '../../../shared/domain/tenancy/issuer-registration.ts';
import type { SharedUsagePlan } from '../../../shared/domain/tenancy/usage-identity.ts';

const fakes = vi.hoisted(() => ({
  owner: undefined as IssuerOwner | undefined,
  roles: [] as string[],
  standing: undefined as TenantStanding | undefined,
}));

vi.mock('../../../functions/auth/deps.ts', () => ({
  tokenVerifier: {
    verify: async () =>
      fakes.owner === undefined
        ? undefined
        : {
            registration: {
              issuer: 'https://idp.example',
              jwksUri: 'https://idp.example/jwks',
              audience: 'guichet-api',
              owner: fakes.owner,
              rolesClaim: 'roles',
              userIdClaim: 'sub',
            } satisfies IssuerRegistration,
            claims: { sub: 'someone', roles: fakes.roles },
          },
  },
  directory: { getTenantStanding: async () => fakes.standing },
  apiKeys: { authenticate: async () => undefined },
  sharedUsageKeys: {
    valueOf: async (plan: SharedUsagePlan) => `shared-key-of-${plan}-000000000000`,
  },
}));

const { handler } = await import('../../../functions/auth/authorizer.ts');

const eventWithToken = (): Pick<APIGatewayRequestAuthorizerEvent, 'headers' | 'methodArn'> => ({
  methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:api/prod/GET/v1/tickets',
  headers: { Authorization: 'Bearer aaa.bbb.ccc' },
});

const effectOf = (result: Awaited<ReturnType<typeof handler>>) =>
  result.policyDocument.Statement.map((statement) => statement.Effect);

describe('authoriser usage identifier by principal kind', () => {
  beforeEach(() => {
    fakes.owner = undefined;
    fakes.roles = [];
    fakes.standing = undefined;
  });

  it("a tenant principal counts against its own tenant's key", async () => {
    fakes.owner = { kind: 'tenant', tenantId: 'acme' };
    fakes.roles = ['requester'];
    fakes.standing = { tier: 'free', status: 'active', usagePlanKey: 'key-of-acme-0000000000000' };
    const result = await handler(eventWithToken());
    expect(effectOf(result)).toEqual(['Allow']);
    expect(result.usageIdentifierKey).toBe('key-of-acme-0000000000000');
    expect(result.context?.kind).toBe('tenant');
  });

  it.each([['provider_agent'], ['provider_admin'], ['provider_finance']])(
    'a provider principal (%s) counts against the shared provider key',
    async (role) => {
      fakes.owner = { kind: 'provider', providerId: 'desk-pro' };
      fakes.roles = [role];
      const result = await handler(eventWithToken());
      expect(effectOf(result)).toEqual(['Allow']);
      expect(result.usageIdentifierKey).toBe('shared-key-of-provider-000000000000');
      expect(result.context?.kind).toBe('provider');
    },
  );

  it.each([['platform_admin'], ['platform_finance']])(
    'a platform principal (%s) counts against the shared platform key',
    async (role) => {
      fakes.owner = { kind: 'platform' };
      fakes.roles = [role];
      const result = await handler(eventWithToken());
      expect(effectOf(result)).toEqual(['Allow']);
      expect(result.usageIdentifierKey).toBe('shared-key-of-platform-000000000000');
      expect(result.context?.kind).toBe('platform');
    },
  );

  it('a tenant without a usage-plan key (legacy) is denied, with no usage identifier', async () => {
    fakes.owner = { kind: 'tenant', tenantId: 'legacy' };
    fakes.roles = ['tenant_admin'];
    fakes.standing = { tier: 'standard', status: 'active' };
    const result = await handler(eventWithToken());
    expect(effectOf(result)).toEqual(['Deny']);
    expect(result.usageIdentifierKey).toBeUndefined();
  });

  it('an unverifiable token is still a 401, before any usage identity', async () => {
    await expect(handler(eventWithToken())).rejects.toThrow('Unauthorized');
  });
});
