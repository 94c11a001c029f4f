/** POST /v1/billing/periods/{period}/close: freeze the statements, then write the exports. */
import { closeBillingPeriodOperation } from '../../shared/api/billing.ts';
import { clientMixOf } from '../../shared/domain/billing/billing-service.ts';
import { exportScopeName, financeScopeOf } from '../../shared/domain/billing/finance-scope.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { billing, exports } from './deps.ts';

export const handler = httpOperation('closeBillingPeriod', closeBillingPeriodOperation, async (request) => {
  const scope = financeScopeOf(request.principal);
  const { period } = request.path;
  const items = await billing.closePeriod(scope, period, request.query.tenantId);
  await exports.write(exportScopeName(scope, request.query.tenantId), period, () => items);
  return { status: 200, body: { items, clientMix: clientMixOf(items) } };
});
