/** PUT /v1/triage/rules — replace the ordered list as a whole. */
import { putTriageRulesOperation } from '../../shared/api/triage.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { clock, triageRules } from './deps.ts';

export const handler = httpOperation('putTriageRules', putTriageRulesOperation, async (request) => {
  const { tenantId } = requireTenantPrincipal(request.principal);
  await triageRules.replace(tenantId, request.body.rules, clock.now().toISOString());
  return { status: 200, body: { rules: request.body.rules } };
});
