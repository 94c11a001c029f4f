/** PUT /v1/routing/rules — replace the ordered list as a whole. */
import { putRoutingRulesOperation } from '../../shared/api/routing.ts';
import { ValidationFailed } from '../../shared/domain/errors.ts';
import { ALWAYS_OPEN_CALENDAR, calendarsNamedBy } from '../../shared/domain/routing/routing-rules.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { calendars, clock, routingRules } from './deps.ts';

export const handler = httpOperation('putRoutingRules', putRoutingRulesOperation, async (request) => {
  const { tenantId } = requireTenantPrincipal(request.principal);
  const { rules } = request.body;
  const unknown: string[] = [];
  for (const calendarId of calendarsNamedBy(rules)) {
    if (calendarId === ALWAYS_OPEN_CALENDAR) continue;
    if ((await calendars.findCalendar(tenantId, calendarId)) === undefined) unknown.push(calendarId);
  }
  if (unknown.length > 0) {
    throw new ValidationFailed('Unknown business calendar', [
      { location: 'body.rules', message: `no such calendar: ${unknown.join(', ')}` },
    ]);
  }
  await routingRules.replace(tenantId, rules, clock.now().toISOString());
  return { status: 200, body: { rules } };
});
