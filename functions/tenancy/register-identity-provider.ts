/** PUT /v1/tenant/identity-provider */
import { registerIdentityProviderOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'registerIdentityProvider',
  registerIdentityProviderOperation,
  async (request) => ({
    status: 200,
    body: await tenancyService.registerIdentityProvider(
      requireTenantPrincipal(request.principal),
      request.body,
    ),
  }),
);
