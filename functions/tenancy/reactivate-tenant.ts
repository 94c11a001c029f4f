/** POST /v1/platform/tenants/{tenantId}/reactivate */
import { reactivateTenantOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('reactivateTenant', reactivateTenantOperation, async (request) => ({
  status: 200,
  body: await tenancyService.setTenantStatus(request.principal, request.path.tenantId, 'active'),
}));
