/** POST /v1/tickets — the single point of contact. */
import { createTicketOperation, ticketEtag, toTicketResource } from '../../shared/api/tickets.ts';
import { httpOperation } from '../../shared/http/http-operation.ts';
import { requestFingerprint } from '../../shared/http/request-fingerprint.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import { ticketService } from './deps.ts';

export const handler = httpOperation('createTicket', createTicketOperation, async (request) => {
  const idempotencyKey = request.headers['idempotency-key'];
  const { ticket, replayed } = await ticketService.raise({
    principal: requireTenantPrincipal(request.principal),
    input: request.body,
    correlationId: request.correlationId,
    idempotency:
      idempotencyKey === undefined
        ? undefined
        : { key: idempotencyKey, fingerprint: requestFingerprint('createTicket', request.body) },
  });
  return {
    status: replayed ? 200 : 201,
    body: toTicketResource(ticket),
    headers: { etag: ticketEtag(ticket), location: `${request.requestPath}/${ticket.ticketId}` },
  };
});
