/** GET /v1/api-keys */
import { listApiKeysOperation } from '../../shared/api/tenancy.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { apiKeyResource, apiKeyService } from './api-key-deps.ts';

export const handler = httpOperation('listApiKeys', listApiKeysOperation, async (request) => ({
  status: 200,
  body: { items: (await apiKeyService.list(request.principal)).map(apiKeyResource) },
}));
