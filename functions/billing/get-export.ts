/** GET /v1/billing/exports/{period}: presigned links; the export is (re)built from frozen statements if missing. */
import { getBillingExportOperation } from '../../shared/api/billing.ts';
import { exportScopeName, financeScopeOf } from '../../shared/domain/billing/finance-scope.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { billing, EXPORT_LINK_TTL_SECONDS, exports } from './deps.ts';

export const handler = httpOperation('getBillingExport', getBillingExportOperation, async (request) => {
  const scope = financeScopeOf(request.principal);
  const { period } = request.path;
  const statements = await billing.closedStatements(scope, period, request.query.tenantId);
  const scopeName = exportScopeName(scope, request.query.tenantId);
  if (!(await exports.exists(scopeName, period))) await exports.write(scopeName, period, () => statements);
  return {
    status: 200,
    body: {
      period,
      scope: scopeName,
      expiresInSeconds: EXPORT_LINK_TTL_SECONDS,
      files: await exports.downloadLinks(scopeName, period, EXPORT_LINK_TTL_SECONDS),
    },
  };
});
