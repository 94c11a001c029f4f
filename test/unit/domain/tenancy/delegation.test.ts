/** Delegated administration: the scope check and how sites, departments and delegations are read from tokens. */
import { describe, expect, it } from 'vitest';
import { isWithinDelegation } from '../../../../shared/domain/tenancy/delegation.ts';
import {
  delegationFromClaims,
  type IssuerRegistration,
  orgUnitFromClaims,
  principalFromVerifiedClaims,
} from '../../../../shared/domain/tenancy/issuer-registration.ts';

const issuer: IssuerRegistration = {
  issuer: 'https://idp.acme.example',
  jwksUri: 'https://idp.acme.example/jwks',
  audience: 'guichet-api',
  owner: { kind: 'tenant', tenantId: 'acme' },
  rolesClaim: 'roles',
  userIdClaim: 'sub',
};

describe('isWithinDelegation', () => {
  const delegation = { sites: ['paris', 'lyon'], departments: ['finance'] };
  it.each([
    [{ site: 'paris', department: null }, true],
    [{ site: 'berlin', department: 'finance' }, true],
    [{ site: 'berlin', department: 'sales' }, false],
    [{ site: null, department: null }, false],
    // Exact names only: no prefix or case games.
    [{ site: 'paris-2', department: null }, false],
    [{ site: 'Paris', department: null }, false],
  ])('%o → %s', (unit, expected) => {
    expect(isWithinDelegation(delegation, unit)).toBe(expected);
  });

  it('an empty delegation covers nothing, not even objects without a site', () => {
    expect(isWithinDelegation({ sites: [], departments: [] }, { site: null, department: null })).toBe(false);
  });
});

describe('org units from token claims', () => {
  it('reads the default claims', () => {
    const claims = { site: 'paris', department: 'finance', delegated_sites: ['paris', 'lyon'] };
    expect(orgUnitFromClaims(issuer, claims)).toEqual({ site: 'paris', department: 'finance' });
    expect(delegationFromClaims(issuer, claims)).toEqual({ sites: ['paris', 'lyon'], departments: [] });
  });

  it("follows the tenant's mapping (nested paths, space or comma separated lists)", () => {
    const mapped: IssuerRegistration = {
      ...issuer,
      orgUnitClaims: { site: 'org.site', delegatedDepartments: 'admin_of' },
    };
    const claims = { org: { site: 'lyon' }, site: 'ignored', admin_of: 'finance, hr' };
    expect(orgUnitFromClaims(mapped, claims)).toEqual({ site: 'lyon', department: null });
    expect(delegationFromClaims(mapped, claims)).toEqual({ sites: [], departments: ['finance', 'hr'] });
  });

  it('drops malformed names rather than trusting them', () => {
    const claims = {
      site: 'a,b',
      department: 42,
      delegated_sites: ['ok', 'not ok', { x: 1 }, 'x'.repeat(65)],
    };
    expect(orgUnitFromClaims(issuer, claims)).toEqual({ site: null, department: null });
    expect(delegationFromClaims(issuer, claims).sites).toEqual(['ok']);
  });

  it('gives a delegation to delegated admins only', () => {
    const tenant = { tier: 'standard', status: 'active' } as const;
    const claims = { sub: 'u1', site: 'paris', delegated_sites: ['paris'] };
    const requester = principalFromVerifiedClaims(issuer, { ...claims, roles: ['requester'] }, tenant);
    const delegated = principalFromVerifiedClaims(issuer, { ...claims, roles: ['delegated_admin'] }, tenant);
    expect(requester).toMatchObject({ orgUnit: { site: 'paris', department: null } });
    expect(requester).not.toHaveProperty('delegation');
    expect(delegated).toMatchObject({ delegation: { sites: ['paris'], departments: [] } });
  });
});
