/**
 * Seeds the demo organisations into the local stack: tenants, their issuers (one local IdP
 * each), providers and the platform, then mints a ready token for every role.
 */
import type { DynamoDbDirectory } from '../shared/adapters/dynamodb/dynamodb-directory.ts';
import {
  claimsFor,
  DEMO_AUDIENCE,
  type DemoTenant,
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

type IssuerOwner = Parameters<DynamoDbDirectory['putIssuer']>[0]['owner'];
type ClaimMapping = { readonly rolesClaim: string; readonly userIdClaim: string };

const registerIssuer = async (
  deps: SeedDeps,
  issuerName: string,
  owner: IssuerOwner,
  mapping: ClaimMapping,
): Promise<void> => {
  await deps.oidc.ensureIssuer(issuerName);
  await deps.directory.putIssuer({
    issuer: deps.oidc.issuerUrl(issuerName),
    jwksUri: deps.oidc.jwksUrl(issuerName),
    audience: DEMO_AUDIENCE,
    owner,
    ...mapping,
  });
};

const tokensFor = async (
  deps: SeedDeps,
  issuerName: string,
  mapping: ClaimMapping,
  users: Readonly<Record<string, string>>,
): Promise<Record<string, string>> => {
  const tokens: Record<string, string> = {};
  for (const [role, userId] of Object.entries(users)) {
    tokens[role] = await deps.oidc.issueToken(issuerName, {
      subject: userId,
      audience: DEMO_AUDIENCE,
      claims: claimsFor(mapping, userId, [role]),
    });
  }
  return tokens;
};

export interface SeedDeps {
  readonly directory: DynamoDbDirectory;
  readonly oidc: LocalOidcIssuer;
}

/** Onboards one tenant with its own issuer and a user per tenant role; returns its tokens. */
export const seedTenant = async (
  deps: SeedDeps,
  tenant: DemoTenant,
): Promise<DemoState['tenants'][number]> => {
  await deps.directory.putTenant({
    tenantId: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    status: 'active',
    homeRegion: tenant.homeRegion,
  });
  await registerIssuer(deps, tenant.id, { kind: 'tenant', tenantId: tenant.id }, tenant);
  return {
    id: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    issuer: deps.oidc.issuerUrl(tenant.id),
    tokens: await tokensFor(deps, tenant.id, tenant, tenant.users),
  };
};

export const seedDemoOrganisations = async (deps: SeedDeps): Promise<DemoState> => {
  const tenants = [];
  for (const tenant of demoTenants) tenants.push(await seedTenant(deps, tenant));

  const providers = [];
  for (const provider of demoProviders) {
    await registerIssuer(deps, provider.id, { kind: 'provider', providerId: provider.id }, DEFAULT_MAPPING);
    providers.push({
      id: provider.id,
      name: provider.name,
      engagedTenantIds: provider.engagedTenantIds,
      issuer: deps.oidc.issuerUrl(provider.id),
      tokens: await tokensFor(deps, provider.id, DEFAULT_MAPPING, provider.users),
    });
  }

  await registerIssuer(deps, PLATFORM_ISSUER_NAME, { kind: 'platform' }, DEFAULT_MAPPING);
  const platform = {
    issuer: deps.oidc.issuerUrl(PLATFORM_ISSUER_NAME),
    tokens: await tokensFor(deps, PLATFORM_ISSUER_NAME, DEFAULT_MAPPING, demoPlatformUsers),
  };

  return { tenants, providers, platform };
};
