/** GET /v1/billing/statements */
import { listBillingStatementsOperation } from '../../shared/api/billing.ts';
import { clientMixOf } from '../../shared/domain/billing/billing-service.ts';
import { financeScopeOf } from '../../shared/domain/billing/finance-scope.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { billing } from './deps.ts';

export const handler = httpOperation(
  'listBillingStatements',
  listBillingStatementsOperation,
  async (request) => {
    const items = await billing.statements(
      financeScopeOf(request.principal),
      request.query.period,
      request.query.tenantId,
    );
    return { status: 200, body: { items, clientMix: clientMixOf(items) } };
  },
);
