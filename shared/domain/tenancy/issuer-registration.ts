/**
 * A registered token issuer: a tenant's (or provider's) own OIDC identity provider, and how
 * to read its tokens. The issuer — never a claim, header or body — decides which tenant a
 * token acts in, so a token from tenant A's issuer can never act in tenant B.
 */
import {
  type Delegation,
  isOrgUnitName,
  type OrgUnit,
  type OrgUnitClaimMapping,
  type OrgUnitClaims,
  orgUnitClaimsWithDefaults,
} from './delegation.ts';
import {
  allRoles,
  type Principal,
  platformRoles,
  providerRoles,
  type Role,
  tenantRoles,
} from './principal.ts';

export type IssuerOwner =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'provider'; readonly providerId: string }
  | { readonly kind: 'platform' };

export interface IssuerRegistration {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  readonly owner: IssuerOwner;
  /** Claim holding the roles (a list, or a space/comma separated string). */
  readonly rolesClaim: string;
  /** Claim holding the stable user id. */
  readonly userIdClaim: string;
  /** Claims holding the user's site/department and a delegated admin's delegation (defaults otherwise). */
  readonly orgUnitClaims?: OrgUnitClaimMapping | undefined;
}

export interface TenantStanding {
  readonly tier: 'free' | 'standard' | 'premium';
  readonly status: 'active' | 'suspended';
  /** The API key that puts the tenant's calls in its tier's usage plan (AWS only). */
  readonly usagePlanKey?: string;
}

const rolesForOwner: Record<IssuerOwner['kind'], readonly Role[]> = {
  tenant: tenantRoles,
  provider: providerRoles,
  platform: platformRoles,
};

/** A claim by exact name first (namespaced claims contain dots), else by dotted path into objects. */
const readClaim = (claims: Readonly<Record<string, unknown>>, path: string): unknown =>
  Object.hasOwn(claims, path)
    ? claims[path]
    : path.split('.').reduce<unknown>((value, segment) => {
        if (value !== null && typeof value === 'object' && segment in value) {
          return (value as Record<string, unknown>)[segment];
        }
        return undefined;
      }, claims);

const isRole = (value: string): value is Role => (allRoles as readonly string[]).includes(value);

/** Roles a token grants: only those its issuer's owner can hold (a tenant IdP cannot mint platform admins). */
export const rolesFromClaims = (
  registration: IssuerRegistration,
  claims: Readonly<Record<string, unknown>>,
): readonly Role[] => {
  const raw = readClaim(claims, registration.rolesClaim);
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const permitted = rolesForOwner[registration.owner.kind];
  return values.filter(
    (value): value is Role => typeof value === 'string' && isRole(value) && permitted.includes(value),
  );
};

export const userIdFromClaims = (
  registration: IssuerRegistration,
  claims: Readonly<Record<string, unknown>>,
): string | undefined => {
  const raw = readClaim(claims, registration.userIdClaim);
  return typeof raw === 'string' && /^[A-Za-z0-9_.@|:-]{1,128}$/.test(raw) ? raw : undefined;
};

const orgUnitClaimsOf = (registration: IssuerRegistration): OrgUnitClaims =>
  orgUnitClaimsWithDefaults(registration.orgUnitClaims);

/** One name, or a list (array, or a space/comma separated string); malformed names are dropped. */
const namesIn = (raw: unknown): string[] => {
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  return [...new Set(values.filter(isOrgUnitName))];
};

/** The user's site and department; a malformed value counts as none (it then matches no delegation). */
export const orgUnitFromClaims = (
  registration: IssuerRegistration,
  claims: Readonly<Record<string, unknown>>,
): OrgUnit => {
  const mapping = orgUnitClaimsOf(registration);
  const site = readClaim(claims, mapping.site);
  const department = readClaim(claims, mapping.department);
  return {
    site: isOrgUnitName(site) ? site : null,
    department: isOrgUnitName(department) ? department : null,
  };
};

/** What a delegated admin administers, as the token says; nothing when it says nothing. */
export const delegationFromClaims = (
  registration: IssuerRegistration,
  claims: Readonly<Record<string, unknown>>,
): Delegation => {
  const mapping = orgUnitClaimsOf(registration);
  return {
    sites: namesIn(readClaim(claims, mapping.delegatedSites)),
    departments: namesIn(readClaim(claims, mapping.delegatedDepartments)),
  };
};

/** The principal of a verified token, or undefined when it grants nothing usable. */
export const principalFromVerifiedClaims = (
  registration: IssuerRegistration,
  claims: Readonly<Record<string, unknown>>,
  tenant: TenantStanding | undefined,
): Principal | undefined => {
  const userId = userIdFromClaims(registration, claims);
  const roles = rolesFromClaims(registration, claims);
  if (userId === undefined || roles.length === 0) return undefined;
  const owner = registration.owner;
  switch (owner.kind) {
    case 'tenant':
      if (tenant === undefined) return undefined;
      return {
        kind: 'tenant',
        tenantId: owner.tenantId,
        tier: tenant.tier,
        tenantStatus: tenant.status,
        userId,
        roles,
        credential: 'token',
        orgUnit: orgUnitFromClaims(registration, claims),
        ...(roles.includes('delegated_admin')
          ? { delegation: delegationFromClaims(registration, claims) }
          : {}),
      };
    case 'provider':
      return { kind: 'provider', providerId: owner.providerId, userId, roles, credential: 'token' };
    case 'platform':
      return { kind: 'platform', userId, roles, credential: 'token' };
  }
};
