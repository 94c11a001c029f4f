/** GET /v1/provider/reports/sla: the caller's provider's SLA compliance across the tenants engaging it. */
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbProviderSlaLedger } from '../../shared/adapters/dynamodb/dynamodb-provider-sla-ledger.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { getProviderSlaReportOperation } from '../../shared/api/sla-reports.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';
import { ValidationFailed } from '../../shared/domain/errors.ts';
import { providerSlaReport } from '../../shared/domain/sla/provider-sla-report.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';

const config = loadRuntimeConfig();
const { tenantData } = createDataClients(config);
const ledger = new DynamoDbProviderSlaLedger({
  tableName: config.GUICHET_TABLE_NAME,
  clientForProvider: async (providerId) => tenantData.documentClientFor({ kind: 'provider', providerId }),
});

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

export const handler = httpOperation(
  'getProviderSlaReport',
  getProviderSlaReportOperation,
  async (request) => {
    const principal = requireProviderPrincipal(request.principal);
    const now = systemClock.now();
    const to = request.query.to ?? now.toISOString();
    const from = request.query.from ?? new Date(Date.parse(to) - THIRTY_DAYS_MS).toISOString();
    if (!(from < to)) throw new ValidationFailed('The period must end after it starts');
    const summaries = await ledger.listSummaries(principal.providerId, from, to);
    return {
      status: 200,
      body: {
        providerId: principal.providerId,
        from,
        to,
        ...providerSlaReport(summaries, { from, to }, now),
      },
    };
  },
);
