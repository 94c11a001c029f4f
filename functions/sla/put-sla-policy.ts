/** PUT /v1/sla/policies/{policyId} (tenant admins): stores a new version of the policy. */
import { putSlaPolicyOperation } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('putSlaPolicy', putSlaPolicyOperation, async (request) => {
  const policy = await slaService.putPolicy(requireTenantPrincipal(request.principal), {
    ...request.body,
    policyId: request.path.policyId,
  });
  return { status: 200, body: policy };
});
