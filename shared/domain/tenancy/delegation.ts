/**
 * Delegated administration: where a tenant user sits (site, department), which sites and
 * departments a `delegated_admin` administers, and the one scope check every context uses to
 * decide whether an object falls inside that delegation.
 *
 * Both come from the verified token, read through the tenant's claim mapping (its IdP is the
 * source of truth for who sits where and who administers what); Guichet keeps no user table.
 * The route permission table says WHICH operations a delegated admin may call; this module says
 * ON WHAT. An object outside the delegation is invisible to them (404), as a foreign one is.
 */

/** Where something belongs inside a tenant: a ticket carries its requester's, taken at intake. */
export interface OrgUnit {
  readonly site: string | null;
  readonly department: string | null;
}

/** The sites and departments a delegated admin administers (either matches). */
export interface Delegation {
  readonly sites: readonly string[];
  readonly departments: readonly string[];
}

/** Which token claims hold the user's site and department and the admin's delegation. */
export interface OrgUnitClaims {
  readonly site: string;
  readonly department: string;
  readonly delegatedSites: string;
  readonly delegatedDepartments: string;
}

/** A tenant's mapping names only the claims that differ from the defaults. */
export type OrgUnitClaimMapping = { readonly [Name in keyof OrgUnitClaims]?: string | undefined };

/** Used for any claim a tenant's mapping does not name. */
export const defaultOrgUnitClaims: OrgUnitClaims = {
  site: 'site',
  department: 'department',
  delegatedSites: 'delegated_sites',
  delegatedDepartments: 'delegated_departments',
};

export const orgUnitClaimsWithDefaults = (mapping: OrgUnitClaimMapping | undefined): OrgUnitClaims => ({
  site: mapping?.site ?? defaultOrgUnitClaims.site,
  department: mapping?.department ?? defaultOrgUnitClaims.department,
  delegatedSites: mapping?.delegatedSites ?? defaultOrgUnitClaims.delegatedSites,
  delegatedDepartments: mapping?.delegatedDepartments ?? defaultOrgUnitClaims.delegatedDepartments,
});

export const noOrgUnit: OrgUnit = { site: null, department: null };
/** What a delegated admin whose token names nothing administers: nothing (fail closed). */
export const emptyDelegation: Delegation = { sites: [], departments: [] };

/** Site and department names: no commas or spaces (they travel comma-joined in the authoriser context). */
export const ORG_UNIT_NAME = /^[A-Za-z0-9_.:/-]{1,64}$/;

export const isOrgUnitName = (value: unknown): value is string =>
  typeof value === 'string' && ORG_UNIT_NAME.test(value);

/**
 * THE scope check: an object is inside a delegation when its site is one of the delegated
 * sites or its department one of the delegated departments. An object with neither (a ticket
 * raised through an API key, or by a user whose token names no site) is inside none.
 */
export const isWithinDelegation = (delegation: Delegation, unit: OrgUnit): boolean =>
  (unit.site !== null && delegation.sites.includes(unit.site)) ||
  (unit.department !== null && delegation.departments.includes(unit.department));
