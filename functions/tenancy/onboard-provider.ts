/** POST /v1/platform/providers */
import { onboardProviderOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { tenancyService } from './deps.ts';

export const handler = httpOperation('onboardProvider', onboardProviderOperation, async (request) => {
  const provider = await tenancyService.onboardProvider(request.body);
  return {
    status: 201,
    body: provider,
    headers: { location: `/v1/platform/providers/${provider.providerId}` },
  };
});
