/** POST /v1/provider/agents */
import { addAgentOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('addProviderAgent', addAgentOperation, async (request) => ({
  status: 201,
  body: await tenancyService.addAgent(requireProviderPrincipal(request.principal), request.body),
}));
