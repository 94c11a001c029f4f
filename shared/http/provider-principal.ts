/** Narrows a principal to a provider user for operations of a provider's desk. */
import { Forbidden } from '../domain/errors.ts';
import type { Principal, ProviderPrincipal } from '../domain/tenancy/principal.ts';

export const requireProviderPrincipal = (principal: Principal): ProviderPrincipal => {
  if (principal.kind !== 'provider') throw new Forbidden('This operation acts for one provider');
  return principal;
};
