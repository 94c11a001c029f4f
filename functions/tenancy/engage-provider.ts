/** POST /v1/tenant/engagements */
import { engageProviderOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('engageProvider', engageProviderOperation, async (request) => {
  const engagement = await tenancyService.engage(requireTenantPrincipal(request.principal), request.body);
  return {
    status: 201,
    body: engagement,
    headers: { location: `/v1/tenant/engagements/${engagement.engagementId}` },
  };
});
