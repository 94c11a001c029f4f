/** POST /v1/api-keys */
import { createApiKeyOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { apiKeyResource, apiKeyService } from './api-key-deps.ts';

export const handler = httpOperation('createApiKey', createApiKeyOperation, async (request) => {
  const { key, secret } = await apiKeyService.create(request.principal, request.body);
  return { status: 201, body: { ...apiKeyResource(key), secret }, headers: { 'cache-control': 'no-store' } };
});
