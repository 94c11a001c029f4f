/** POST /v1/provider/teams */
import { addTeamOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('addProviderTeam', addTeamOperation, async (request) => ({
  status: 201,
  body: await tenancyService.addTeam(requireProviderPrincipal(request.principal), request.body),
}));
