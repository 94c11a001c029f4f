/** Narrows a principal to a tenant user for operations that only exist inside one tenant. */
import { Forbidden } from '../domain/errors.ts';
import type { Principal, TenantPrincipal } from '../domain/tenancy/principal.ts';

export const requireTenantPrincipal = (principal: Principal): TenantPrincipal => {
  if (principal.kind !== 'tenant') throw new Forbidden('This operation acts inside one tenant');
  return principal;
};
