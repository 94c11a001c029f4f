/** GET /v1/reports/sla: SLA compliance of the caller's tenant per priority and period. */
import { getSlaReportOperation } from '../../shared/api/sla-reports.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { clock, slaService } from './deps.ts';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export const handler = httpOperation('getSlaReport', getSlaReportOperation, async (request) => {
  const to = request.query.to ?? clock.now().toISOString();
  const from = request.query.from ?? new Date(Date.parse(to) - THIRTY_DAYS_MS).toISOString();
  const rows = await slaService.complianceReport(requireTenantPrincipal(request.principal), from, to);
  return { status: 200, body: { from, to, rows } };
});
