/** PUT /v1/provider/agents/{agentId}/availability */
import { setAgentAvailabilityOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation(
  'setAgentAvailability',
  setAgentAvailabilityOperation,
  async (request) => ({
    status: 200,
    body: await tenancyService.setAgentAvailability(
      requireProviderPrincipal(request.principal),
      request.path.agentId,
      request.body,
    ),
  }),
);
