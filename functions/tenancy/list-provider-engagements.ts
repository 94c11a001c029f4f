/** GET /v1/provider/engagements */
import { listProviderEngagementsOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'listProviderEngagements',
  listProviderEngagementsOperation,
  async (request) => ({
    status: 200,
    body: {
      items: await tenancyService.listEngagementsOfProvider(requireProviderPrincipal(request.principal)),
    },
  }),
);
