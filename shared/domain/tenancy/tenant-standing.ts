/**
 * What a suspended tenant may still do: its administrators may read their own data (to export
 * it, or to see why), nothing else. Decided once for every operation, from the HTTP method.
 */
import { hasRole, type Principal } from './principal.ts';

const READ_METHODS = new Set(['GET', 'HEAD']);

export const isRefusedWhileSuspended = (principal: Principal, httpMethod: string): boolean =>
  principal.kind === 'tenant' &&
  principal.tenantStatus === 'suspended' &&
  !(READ_METHODS.has(httpMethod.toUpperCase()) && hasRole(principal, 'tenant_admin', 'delegated_admin'));
