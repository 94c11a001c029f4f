/** GET /v1/me/notifications */
import { listMyNotificationsOperation, toNotificationResource } from '../../shared/api/notifications.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { cursors, notifications } from './deps.ts';

export const handler = httpOperation('listMyNotifications', listMyNotificationsOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const scope = { tenantId: principal.tenantId, userId: principal.userId, operation: 'listMyNotifications' };
  const page = await notifications.listForUser(principal.tenantId, principal.userId, {
    limit: request.query.limit,
    after: request.query.cursor === undefined ? undefined : cursors.decode(scope, request.query.cursor),
  });
  return {
    status: 200,
    body: {
      items: page.items.map(toNotificationResource),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
});
