/**
 * Seeds the demo organisations into the local stack: tenants, their issuers (one local IdP
 * each), providers and the platform, then mints a ready token for every role.
 */
import type { DynamoDbDirectory } from '../../shared/adapters/dynamodb/dynamodb-directory.ts';
import {
  claimsFor,
  DEMO_AUDIENCE,
  demoPlatformUsers,
  demoProviders,
  demoTenants,
  PLATFORM_ISSUER_NAME,
} from './demo-organisations.ts';
import type { LocalOidcIssuer } from './oidc-issuer.ts';

export interface DemoState {
  readonly tenants: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly tier: string;
    readonly issuer: string;
    readonly tokens: Readonly<Record<string, string>>;
  }>;
  readonly providers: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly engagedTenantIds: readonly string[];
    readonly issuer: string;
    readonly tokens: Readonly<Record<string, string>>;
  }>;
  readonly platform: { readonly issuer: string; readonly tokens: Readonly<Record<string, string>> };
}

const DEFAULT_MAPPING = { rolesClaim: 'roles', userIdClaim: 'sub' } as const;

export const seedDemoOrganisations = async (deps: {
  readonly directory: DynamoDbDirectory;
  readonly oidc: LocalOidcIssuer;
}): Promise<DemoState> => {
  const { directory, oidc } = deps;
  const register = async (
    issuerName: string,
    owner: Parameters<DynamoDbDirectory['putIssuer']>[0]['owner'],
    mapping: { readonly rolesClaim: string; readonly userIdClaim: string },
  ) => {
    await oidc.ensureIssuer(issuerName);
    await directory.putIssuer({
      issuer: oidc.issuerUrl(issuerName),
      jwksUri: oidc.jwksUrl(issuerName),
      audience: DEMO_AUDIENCE,
      owner,
      ...mapping,
    });
  };
  const tokensFor = async (
    issuerName: string,
    mapping: { readonly rolesClaim: string; readonly userIdClaim: string },
    users: Readonly<Record<string, string>>,
  ): Promise<Record<string, string>> => {
    const tokens: Record<string, string> = {};
    for (const [role, userId] of Object.entries(users)) {
      tokens[role] = await oidc.issueToken(issuerName, {
        subject: userId,
        audience: DEMO_AUDIENCE,
        claims: claimsFor(mapping, userId, [role]),
      });
    }
    return tokens;
  };

  const tenants = [];
  for (const tenant of demoTenants) {
    await directory.putTenant({
      tenantId: tenant.id,
      name: tenant.name,
      tier: tenant.tier,
      status: 'active',
      homeRegion: tenant.homeRegion,
    });
    await register(tenant.id, { kind: 'tenant', tenantId: tenant.id }, tenant);
    tenants.push({
      id: tenant.id,
      name: tenant.name,
      tier: tenant.tier,
      issuer: oidc.issuerUrl(tenant.id),
      tokens: await tokensFor(tenant.id, tenant, tenant.users),
    });
  }

  const providers = [];
  for (const provider of demoProviders) {
    await register(provider.id, { kind: 'provider', providerId: provider.id }, DEFAULT_MAPPING);
    providers.push({
      id: provider.id,
      name: provider.name,
      engagedTenantIds: provider.engagedTenantIds,
      issuer: oidc.issuerUrl(provider.id),
      tokens: await tokensFor(provider.id, DEFAULT_MAPPING, provider.users),
    });
  }

  await register(PLATFORM_ISSUER_NAME, { kind: 'platform' }, DEFAULT_MAPPING);
  const platform = {
    issuer: oidc.issuerUrl(PLATFORM_ISSUER_NAME),
    tokens: await tokensFor(PLATFORM_ISSUER_NAME, DEFAULT_MAPPING, demoPlatformUsers),
  };

  return { tenants, providers, platform };
};
