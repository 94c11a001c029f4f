/** PUT /v1/routing/rules — replace the ordered list as a whole. */
import { putRoutingRulesOperation } from '../../shared/api/routing.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { clock, routingRules } from './deps.ts';

export const handler = httpOperation('putRoutingRules', putRoutingRulesOperation, async (request) => {
  const { tenantId } = requireTenantPrincipal(request.principal);
  await routingRules.replace(tenantId, request.body.rules, clock.now().toISOString());
  return { status: 200, body: { rules: request.body.rules } };
});
