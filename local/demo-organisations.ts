/**
 * The demo world of the local stack: three client tenants, an outsourced service desk engaged
 * by two of them (not the third), the in-house IT department of one, and a user in every role.
 * Each organisation has its own OIDC issuer, as it would have its own IdP.
 */
import { defaultOrgUnitClaims } from '../shared/domain/tenancy/delegation.ts';
import {
  type PlatformRole,
  type ProviderRole,
  type TenantRole,
  tenantRoles,
} from '../shared/domain/tenancy/principal.ts';

export interface DemoTenant {
  readonly id: string;
  readonly name: string;
  readonly tier: 'free' | 'standard' | 'premium';
  readonly homeRegion: string;
  /** Claim mapping of this tenant's IdP (Globex shows a non-default one). */
  readonly rolesClaim: string;
  readonly userIdClaim: string;
  readonly users: Readonly<Record<TenantRole, string>>;
}

export interface DemoProvider {
  readonly id: string;
  readonly name: string;
  readonly kind: 'outsourced' | 'in_house';
  readonly engagedTenantIds: readonly string[];
  readonly users: Readonly<Record<ProviderRole, string>>;
}

export const DEMO_AUDIENCE = 'guichet-api';
export const PLATFORM_ISSUER_NAME = 'platform';

export const tenantUsers = (prefix: string): Readonly<Record<TenantRole, string>> => ({
  requester: `${prefix}-requester`,
  agent: `${prefix}-agent`,
  tenant_admin: `${prefix}-admin`,
  delegated_admin: `${prefix}-delegated-admin`,
  finance: `${prefix}-finance`,
});

export const demoTenants: readonly DemoTenant[] = [
  {
    id: 'acme',
    name: 'Acme Corporation',
    tier: 'standard',
    homeRegion: 'eu-west-1',
    rolesClaim: 'roles',
    userIdClaim: 'sub',
    users: tenantUsers('acme'),
  },
  {
    id: 'globex',
    name: 'Globex Industries',
    tier: 'premium',
    homeRegion: 'eu-central-1',
    rolesClaim: 'realm_access.roles',
    userIdClaim: 'preferred_username',
    users: tenantUsers('globex'),
  },
  {
    id: 'initech',
    name: 'Initech',
    tier: 'free',
    homeRegion: 'us-east-1',
    rolesClaim: 'roles',
    userIdClaim: 'sub',
    users: tenantUsers('initech'),
  },
];

export const demoProviders: readonly DemoProvider[] = [
  {
    id: 'servicedesk-pro',
    name: 'ServiceDesk Pro (outsourced)',
    kind: 'outsourced',
    engagedTenantIds: ['acme', 'globex'],
    users: { provider_agent: 'sdp-agent', provider_admin: 'sdp-admin', provider_finance: 'sdp-finance' },
  },
  {
    id: 'acme-it',
    name: 'Acme IT (in-house)',
    kind: 'in_house',
    engagedTenantIds: ['acme'],
    users: {
      provider_agent: 'acme-it-agent',
      provider_admin: 'acme-it-admin',
      provider_finance: 'acme-it-finance',
    },
  },
];

export const demoPlatformUsers: Readonly<Record<PlatformRole, string>> = {
  platform_admin: 'platform-admin',
  platform_finance: 'platform-finance',
};

/**
 * Delegated administration: every demo tenant user sits at the head office, and the demo
 * delegated admin administers it — so their tickets are in scope. Tests of out-of-scope objects
 * mint tokens of users at another site (`/_local/tokens`).
 */
export const DEMO_SITE = 'head-office';

const orgUnitClaimsFor = (roles: readonly string[]): Record<string, unknown> =>
  roles.some((role) => (tenantRoles as readonly string[]).includes(role))
    ? {
        [defaultOrgUnitClaims.site]: DEMO_SITE,
        ...(roles.includes('delegated_admin') ? { [defaultOrgUnitClaims.delegatedSites]: [DEMO_SITE] } : {}),
      }
    : {};

/** Builds the claims an organisation's IdP would put in a token, following its claim mapping. */
export const claimsFor = (
  mapping: { readonly rolesClaim: string; readonly userIdClaim: string },
  userId: string,
  roles: readonly string[],
): Record<string, unknown> => {
  // A dotted claim path is nested objects, as Keycloak's `realm_access.roles`.
  const nest = (path: string, value: unknown): Record<string, unknown> =>
    path
      .split('.')
      .reverse()
      .reduce<unknown>((inner, segment) => ({ [segment]: inner }), value) as Record<string, unknown>;
  return {
    ...orgUnitClaimsFor(roles),
    ...nest(mapping.rolesClaim, roles),
    ...(mapping.userIdClaim === 'sub' ? {} : nest(mapping.userIdClaim, userId)),
  };
};
