/** A suspended tenant: reads by its admins only. */
import { describe, expect, it } from 'vitest';
import type { TenantPrincipal } from '../../../../shared/domain/tenancy/principal.ts';
import { isRefusedWhileSuspended } from '../../../../shared/domain/tenancy/tenant-standing.ts';

const principal = (
  roles: TenantPrincipal['roles'],
  tenantStatus: TenantPrincipal['tenantStatus'],
): TenantPrincipal => ({
  kind: 'tenant',
  tenantId: 't',
  tier: 'free',
  tenantStatus,
  userId: 'u',
  roles,
  credential: 'token',
});

describe('isRefusedWhileSuspended', () => {
  it('lets an active tenant do anything', () => {
    expect(isRefusedWhileSuspended(principal(['requester'], 'active'), 'POST')).toBe(false);
  });
  it('lets admins of a suspended tenant read, and nothing more', () => {
    expect(isRefusedWhileSuspended(principal(['tenant_admin'], 'suspended'), 'GET')).toBe(false);
    expect(isRefusedWhileSuspended(principal(['tenant_admin'], 'suspended'), 'POST')).toBe(true);
    expect(isRefusedWhileSuspended(principal(['requester'], 'suspended'), 'GET')).toBe(true);
    expect(isRefusedWhileSuspended(principal(['agent'], 'suspended'), 'get')).toBe(true);
  });
});
