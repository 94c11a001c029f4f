/** GET /v1/me/notifications */
import { listMyNotificationsOperation, toNotificationResource } from '../../shared/api/notifications.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { pagedResponse } from '../../shared/http/paged-response.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { cursors, notifications } from './deps.ts';

export const handler = httpOperation('listMyNotifications', listMyNotificationsOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  return pagedResponse({
    cursors,
    scope: { tenantId: principal.tenantId, userId: principal.userId, operation: 'listMyNotifications' },
    query: request.query,
    fetchPage: (page) => notifications.listForUser(principal.tenantId, principal.userId, page),
    toResource: toNotificationResource,
  });
});
