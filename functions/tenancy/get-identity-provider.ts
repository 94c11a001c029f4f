/** GET /v1/tenant/identity-provider */
import { getIdentityProviderOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'getIdentityProvider',
  getIdentityProviderOperation,
  async (request) => ({
    status: 200,
    body: await tenancyService.getIdentityProvider(requireTenantPrincipal(request.principal)),
  }),
);
