/** DELETE /v1/api-keys/{keyId} */
import { revokeApiKeyOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { apiKeyResource, apiKeyService } from './api-key-deps.ts';

export const handler = httpOperation('revokeApiKey', revokeApiKeyOperation, async (request) => ({
  status: 200,
  body: apiKeyResource(await apiKeyService.revoke(request.principal, request.path.keyId)),
}));
