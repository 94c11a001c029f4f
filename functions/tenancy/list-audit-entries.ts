/** GET /v1/audit */
import { listAuditEntriesOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { auditLog, cursors } from './deps.ts';

export const handler = httpOperation('listAuditEntries', listAuditEntriesOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const { limit, cursor, actor, action, from, to } = request.query;
  // The cursor is bound to the filters too, so it cannot be replayed against another query.
  const scope = {
    tenantId: principal.tenantId,
    userId: principal.userId,
    operation: `listAuditEntries|${actor ?? ''}|${action ?? ''}|${from ?? ''}|${to ?? ''}`,
  };
  const page = await auditLog.list(
    principal.tenantId,
    { actorUserId: actor, action, from, to },
    { limit, after: cursor === undefined ? undefined : cursors.decode(scope, cursor) },
  );
  return {
    status: 200,
    body: {
      items: page.items.map(({ tenantId: _tenantId, ...entry }) => entry),
      nextCursor: page.nextPosition === undefined ? null : cursors.encode(scope, page.nextPosition),
    },
  };
});
