/** POST /v1/routing/dry-run — where a sample ticket would go; changes nothing. */
import { dryRunRoutingOperation } from '../../shared/api/routing.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { router } from './deps.ts';

export const handler = httpOperation('dryRunRouting', dryRunRoutingOperation, async (request) => {
  const record = await router.dryRun(requireTenantPrincipal(request.principal).tenantId, request.body);
  return { status: 200, body: record };
});
