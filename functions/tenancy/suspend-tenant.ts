/** POST /v1/platform/tenants/{tenantId}/suspend */
import { suspendTenantOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('suspendTenant', suspendTenantOperation, async (request) => ({
  status: 200,
  body: await tenancyService.setTenantStatus(request.principal, request.path.tenantId, 'suspended'),
}));
