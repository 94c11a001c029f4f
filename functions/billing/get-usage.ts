/** GET /v1/billing/usage */
import { getBillingUsageOperation } from '../../shared/api/billing.ts';
import { financeScopeOf } from '../../shared/domain/billing/finance-scope.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { billing } from './deps.ts';

export const handler = httpOperation('getBillingUsage', getBillingUsageOperation, async (request) => {
  const period = request.query.period ?? billing.currentPeriod();
  const engagements = await billing.liveUsage(
    financeScopeOf(request.principal),
    period,
    request.query.tenantId,
  );
  return { status: 200, body: { period, engagements } };
});
