/** GET /v1/provider/desk */
import { getProviderDeskOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('getProviderDesk', getProviderDeskOperation, async (request) => ({
  status: 200,
  body: await tenancyService.providerOrganisation(requireProviderPrincipal(request.principal)),
}));
