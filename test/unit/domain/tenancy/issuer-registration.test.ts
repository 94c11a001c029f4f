import { describe, expect, it } from 'vitest';
import {
  type IssuerRegistration,
  principalFromVerifiedClaims,
  rolesFromClaims,
} from '../../../../shared/domain/tenancy/issuer-registration.ts';

const tenantIssuer: IssuerRegistration = {
  issuer: 'https://idp.acme.example',
  jwksUri: 'https://idp.acme.example/jwks',
  audience: 'guichet-api',
  owner: { kind: 'tenant', tenantId: 'acme' },
  rolesClaim: 'realm_access.roles',
  userIdClaim: 'preferred_username',
};

describe('claim mapping', () => {
  it('reads roles and user id through the configured (nested) claims', () => {
    const principal = principalFromVerifiedClaims(
      tenantIssuer,
      { sub: 'x', preferred_username: 'alice@acme.example', realm_access: { roles: ['agent', 'unrelated'] } },
      { tier: 'premium', status: 'active' },
    );
    expect(principal).toEqual({
      kind: 'tenant',
      tenantId: 'acme',
      tier: 'premium',
      tenantStatus: 'active',
      userId: 'alice@acme.example',
      roles: ['agent'],
      credential: 'token',
      orgUnit: { site: null, department: null },
    });
  });

  it('accepts a namespaced claim whose name contains dots, and space-separated role strings', () => {
    const registration = { ...tenantIssuer, rolesClaim: 'https://acme.example/roles' };
    expect(rolesFromClaims(registration, { 'https://acme.example/roles': 'requester finance' })).toEqual([
      'requester',
      'finance',
    ]);
  });

  it("drops roles the issuer's owner cannot hold: a tenant IdP cannot mint provider or platform roles", () => {
    expect(
      rolesFromClaims(tenantIssuer, {
        realm_access: { roles: ['platform_admin', 'provider_admin', 'requester'] },
      }),
    ).toEqual(['requester']);
  });

  it('grants nothing without a usable user id or any role', () => {
    const standing = { tier: 'free', status: 'active' } as const;
    expect(
      principalFromVerifiedClaims(tenantIssuer, { realm_access: { roles: ['agent'] } }, standing),
    ).toBeUndefined();
    expect(
      principalFromVerifiedClaims(
        tenantIssuer,
        { preferred_username: 'a#b', realm_access: { roles: ['agent'] } },
        standing,
      ),
    ).toBeUndefined();
    expect(
      principalFromVerifiedClaims(tenantIssuer, { preferred_username: 'alice' }, standing),
    ).toBeUndefined();
  });

  it('grants nothing for a tenant issuer whose tenant is unknown', () => {
    expect(
      principalFromVerifiedClaims(
        tenantIssuer,
        { preferred_username: 'alice', realm_access: { roles: ['agent'] } },
        undefined,
      ),
    ).toBeUndefined();
  });
});
