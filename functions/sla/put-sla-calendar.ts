/** PUT /v1/sla/calendars/{calendarId} (tenant admins) */
import { putSlaCalendarOperation } from '../../shared/api/sla.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { slaService } from './deps.ts';

export const handler = httpOperation('putSlaCalendar', putSlaCalendarOperation, async (request) => {
  const calendar = await slaService.putCalendar(requireTenantPrincipal(request.principal), {
    ...request.body,
    calendarId: request.path.calendarId,
  });
  return { status: 200, body: calendar };
});
