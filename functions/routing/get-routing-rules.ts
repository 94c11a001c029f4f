/** GET /v1/routing/rules */
import { getRoutingRulesOperation } from '../../shared/api/routing.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { routingRules } from './deps.ts';

export const handler = httpOperation('getRoutingRules', getRoutingRulesOperation, async (request) => {
  const rules = await routingRules.read(requireTenantPrincipal(request.principal).tenantId);
  return { status: 200, body: { rules } };
});
