/** PUT /v1/catalogue/items/{itemId} — a tenant admin defines (or retires) a catalogue item. */
import { putCatalogueItemOperation, toCatalogueItemResource } from '../../shared/api/catalogue.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { catalogueService } from './deps.ts';

export const handler = httpOperation('putCatalogueItem', putCatalogueItemOperation, async (request) => {
  const principal = requireTenantPrincipal(request.principal);
  const item = await catalogueService.put(principal.tenantId, request.path.itemId, request.body);
  return { status: 200, body: toCatalogueItemResource(item) };
});
