/** GET /v1/sla/calendars (tenant admins) */
import { listSlaCalendarsOperation } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('listSlaCalendars', listSlaCalendarsOperation, async (request) => ({
  status: 200,
  body: { items: await slaService.listCalendars(requireTenantPrincipal(request.principal)) },
}));
