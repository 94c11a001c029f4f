/** GET /v1/tenant/engagements */
import { listTenantEngagementsOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'listTenantEngagements',
  listTenantEngagementsOperation,
  async (request) => ({
    status: 200,
    body: { items: await tenancyService.listEngagementsOfTenant(requireTenantPrincipal(request.principal)) },
  }),
);
