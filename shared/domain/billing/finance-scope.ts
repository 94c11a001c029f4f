/** Which books a finance principal may see, from the principal alone (never from the request). */
import type { Principal } from '../tenancy/principal.ts';
import type { FinanceScope } from './billing-service.ts';

export const financeScopeOf = (principal: Principal): FinanceScope =>
  principal.kind === 'tenant'
    ? { kind: 'tenant', tenantId: principal.tenantId }
    : principal.kind === 'provider'
      ? { kind: 'provider', providerId: principal.providerId }
      : { kind: 'platform' };

/** The export folder of a scope (and optional client filter): stable, so re-exports overwrite in place. */
export const exportScopeName = (scope: FinanceScope, tenantId: string | undefined): string => {
  const base =
    scope.kind === 'tenant'
      ? `tenant-${scope.tenantId}`
      : scope.kind === 'provider'
        ? `provider-${scope.providerId}`
        : 'platform';
  return tenantId === undefined || scope.kind === 'tenant' ? base : `${base}/tenant-${tenantId}`;
};
