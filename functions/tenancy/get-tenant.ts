/** GET /v1/platform/tenants/{tenantId} */
import { getTenantOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('getPlatformTenant', getTenantOperation, async (request) => ({
  status: 200,
  body: await tenancyService.getTenant(request.path.tenantId),
}));
