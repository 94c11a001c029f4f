/** GET /v1/catalogue — the tenant's orderable items (admins also see retired ones). */
import { listCatalogueOperation, toCatalogueItemResource } from '../../shared/api/catalogue.ts';
import { hasRole } from '../../shared/domain/tenancy/principal.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { catalogueService } from './deps.ts';

export const handler = httpOperation('listCatalogue', listCatalogueOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const items = await catalogueService.list(principal.tenantId, hasRole(principal, 'tenant_admin'));
  return { status: 200, body: { items: items.map(toCatalogueItemResource) } };
});
