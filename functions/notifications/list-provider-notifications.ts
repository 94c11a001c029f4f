/** GET /v1/provider/notifications — the signed-in provider user's inbox. */
import {
  listProviderNotificationsOperation,
  toProviderNotificationResource,
} from '../../shared/api/provider-notifications.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { pagedResponse } from '../../shared/http/paged-response.ts';
import { requireProviderPrincipal } from '../../shared/http/provider-principal.ts';
import { cursors, providerInbox } from './provider-inbox-deps.ts';

export const handler = httpOperation(
  'listProviderNotifications',
  listProviderNotificationsOperation,
  async (request) => {
    const principal = requireProviderPrincipal(request.principal);
    return pagedResponse({
      cursors,
      // Cursor scope: the provider stands where a tenant would, so a cursor serves only its issuer.
      scope: {
        tenantId: `provider:${principal.providerId}`,
        userId: principal.userId,
        operation: 'listProviderNotifications',
      },
      query: request.query,
      fetchPage: (page) => providerInbox.listForUser(principal.providerId, principal.userId, page),
      toResource: toProviderNotificationResource,
    });
  },
);
