/**
 * Authorisation matrix of the billing routes, over HTTP: every role of every kind of
 * organisation against every billing operation; allowed exactly when the permission table says
 * so (refused with 403 otherwise, before any data is touched).
 */
import { describe, expect, it } from 'vitest';
import { permissionTable } from '../../functions/http-contexts.ts';
import { routes } from '../../infra/manifest.ts';
import { mayPerformIn } from '../../shared/domain/tenancy/permissions.ts';
import { allRoles, type Role } from '../../shared/domain/tenancy/principal.ts';
import { api, localStack } from '../support/local-stack.ts';

const billingRoutes = routes.filter((route) => route.path.startsWith('/v1/billing/'));

const tokenFor = (role: Role): string => {
  const state = localStack();
  const sources = [
    ...state.tenants.filter((tenant) => tenant.id === 'initech').map((tenant) => tenant.tokens),
    ...state.providers.filter((provider) => provider.id === 'acme-it').map((provider) => provider.tokens),
    state.platform.tokens,
  ];
  for (const tokens of sources) {
    const token = tokens[role];
    if (token !== undefined) return token;
  }
  throw new Error(`no demo token for role ${role}`);
};

// A period that has ended but nobody bills in, so allowed calls succeed without side effects on other tests.
const concretePath = (path: string) => path.replace('{period}', '2020-01').replace('{ref}', 'matrix-book');

/** A valid body where the operation takes one, so only the role decides (not validation). */
const bodyOf = (operation: string): unknown =>
  operation === 'putBillingPriceBook'
    ? {
        providerId: 'acme-it',
        priceBook: { priceBookId: 'matrix-book', currency: 'EUR', prices: {} },
      }
    : undefined;

describe('billing authorisation matrix', () => {
  it('covers the billing routes', () => {
    expect(billingRoutes.map((route) => route.operation).sort()).toEqual([
      'closeBillingPeriod',
      'getBillingExport',
      'getBillingUsage',
      'listBillingStatements',
      'putBillingPriceBook',
    ]);
  });

  for (const route of billingRoutes) {
    for (const role of allRoles) {
      const allowed = mayPerformIn(permissionTable, [role], route.operation);
      it(`${route.method} ${route.path} as ${role} → ${allowed ? 'allowed' : '403'}`, async () => {
        const body = bodyOf(route.operation);
        const response = await api(route.method, concretePath(route.path), {
          token: tokenFor(role),
          ...(body === undefined ? {} : { body }),
        });
        if (allowed) expect(response.status).not.toBe(403);
        else expect(response.status).toBe(403);
      });
    }
  }
});
