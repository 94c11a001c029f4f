/** GET /v1/triage/rules */
import { getTriageRulesOperation } from '../../shared/api/triage.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { triageRules } from './deps.ts';

export const handler = httpOperation('getTriageRules', getTriageRulesOperation, async (request) => {
  const rules = await triageRules.read(requireTenantPrincipal(request.principal).tenantId);
  return { status: 200, body: { rules } };
});
