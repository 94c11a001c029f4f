/** The principal survives API Gateway's flat string context, delegation included, and a tampered one is refused. */
import { describe, expect, it } from 'vitest';
import type { TenantPrincipal } from '../../../shared/domain/tenancy/principal.ts';
import { decodePrincipal, encodePrincipal } from '../../../shared/http/authorizer-context.ts';

const delegatedAdmin: TenantPrincipal = {
  kind: 'tenant',
  tenantId: 'acme',
  tier: 'standard',
  tenantStatus: 'active',
  userId: 'dana',
  roles: ['delegated_admin'],
  credential: 'token',
  orgUnit: { site: 'lyon', department: null },
  delegation: { sites: ['paris', 'lyon'], departments: ['finance'] },
};

describe('authoriser context', () => {
  it('round-trips a delegated admin with their site and delegation', () => {
    const context = encodePrincipal(delegatedAdmin);
    expect(Object.values(context).every((value) => typeof value === 'string')).toBe(true);
    expect(decodePrincipal(context)).toEqual(delegatedAdmin);
  });

  it('keeps an empty delegation empty (fail closed), distinct from none', () => {
    const empty = { ...delegatedAdmin, delegation: { sites: [], departments: [] } };
    expect(decodePrincipal(encodePrincipal(empty))).toEqual(empty);
    const { delegation: _none, ...requester } = { ...delegatedAdmin, roles: ['requester' as const] };
    expect(decodePrincipal(encodePrincipal(requester))).not.toHaveProperty('delegation');
  });

  it('refuses a context whose delegation is malformed', () => {
    expect(decodePrincipal({ ...encodePrincipal(delegatedAdmin), delegatedSites: 'paris,not ok' })).toBe(
      undefined,
    );
  });
});
