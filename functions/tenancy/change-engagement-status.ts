/** PUT /v1/tenant/engagements/{engagementId}/status */
import { changeEngagementStatusOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'changeEngagementStatus',
  changeEngagementStatusOperation,
  async (request) => ({
    status: 200,
    body: await tenancyService.changeEngagementStatus(
      requireTenantPrincipal(request.principal),
      request.path.engagementId,
      request.body.status,
    ),
  }),
);
