/**
 * Who is calling: the tenant context the authoriser builds from a verified token. It never
 * comes from a body, a query string or any header other than the token itself.
 */
import type { Delegation, OrgUnit } from './delegation.ts';

export const tenantRoles = ['requester', 'agent', 'tenant_admin', 'delegated_admin', 'finance'] as const;
export const providerRoles = ['provider_agent', 'provider_admin', 'provider_finance'] as const;
export const platformRoles = ['platform_admin', 'platform_finance'] as const;
export const allRoles = [...tenantRoles, ...providerRoles, ...platformRoles] as const;

export type TenantRole = (typeof tenantRoles)[number];
export type ProviderRole = (typeof providerRoles)[number];
export type PlatformRole = (typeof platformRoles)[number];
export type Role = (typeof allRoles)[number];

/** Ids are path-safe and never contain `#`, which delimits key segments. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

interface PrincipalBase {
  /** Stable user id within its organisation (the mapped `sub` claim, or the API key id). */
  readonly userId: string;
  readonly roles: readonly Role[];
  /** How the caller authenticated: an OIDC token or an integration API key. */
  readonly credential: 'token' | 'api_key';
  /** API keys only: the operations the key may call, on top of its role's permissions. */
  readonly operations?: readonly string[] | undefined;
}

export interface TenantPrincipal extends PrincipalBase {
  readonly kind: 'tenant';
  readonly tenantId: string;
  readonly tier: 'free' | 'standard' | 'premium';
  /** A suspended tenant's admins may still read; everything else is refused (403). */
  readonly tenantStatus: 'active' | 'suspended';
  /** The user's site and department, from the token's claims; none for API keys. */
  readonly orgUnit?: OrgUnit | undefined;
  /** `delegated_admin` only: the sites and departments they administer, from the token's claims. */
  readonly delegation?: Delegation | undefined;
}

export interface ProviderPrincipal extends PrincipalBase {
  readonly kind: 'provider';
  readonly providerId: string;
}

export interface PlatformPrincipal extends PrincipalBase {
  readonly kind: 'platform';
}

export type Principal = TenantPrincipal | ProviderPrincipal | PlatformPrincipal;

export const hasRole = (principal: Principal, ...roles: readonly Role[]): boolean =>
  principal.roles.some((role) => roles.includes(role));
