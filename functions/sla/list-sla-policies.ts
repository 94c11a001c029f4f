/** GET /v1/sla/policies (tenant admins): the latest version of each policy. */
import { listSlaPoliciesOperation } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('listSlaPolicies', listSlaPoliciesOperation, async (request) => ({
  status: 200,
  body: { items: await slaService.listPolicies(requireTenantPrincipal(request.principal)) },
}));
