/**
 * The tickets context's operations: intake, lifecycle, conversation and attachments, time
 * entries, triage rules and the caller's notification inbox. Each declaration is the whole of
 * its operation: the route, the permission table, the OpenAPI document and the router of the
 * `tickets` function are derived from this list.
 */
import { completeAttachmentOperation } from '../../shared/api/attachment-upload.ts';
import { listMyNotificationsOperation, toNotificationResource } from '../../shared/api/notifications.ts';
import {
  addTicketCommentOperation,
  declareAttachmentOperation,
  getAttachmentOperation,
  listAttachmentsOperation,
  listTicketCommentsOperation,
  toAttachmentResource,
  toCommentResource,
  toPresignedResource,
} from '../../shared/api/ticket-conversation.ts';
import {
  linkTicketOperation,
  listTicketHistoryOperation,
  toHistoryEntryResource,
  transitionTicketOperation,
} from '../../shared/api/ticket-lifecycle.ts';
import {
  listTicketTimeEntriesOperation,
  logTicketTimeOperation,
  toTimeEntryResource,
} from '../../shared/api/ticket-time-entries.ts';
import {
  createTicketOperation,
  getTicketOperation,
  listTicketsOperation,
  ticketEtag,
  toTicketResource,
} from '../../shared/api/tickets.ts';
import { getTriageRulesOperation, putTriageRulesOperation } from '../../shared/api/triage.ts';
import { defineHttpContext, defineOperation } from '../../shared/http/operation-declaration.ts';
import { pagedResponse } from '../../shared/http/paged-response.ts';
import { requestFingerprint } from '../../shared/http/request-fingerprint.ts';
import { requireTenantPrincipal } from '../../shared/http/tenant-principal.ts';
import type { TicketsDeps } from './deps.ts';

const operation = defineOperation<TicketsDeps>();

/** Everyone who raises and follows tickets inside a tenant. */
const TICKET_USERS = ['requester', 'agent', 'tenant_admin', 'delegated_admin'] as const;

export const createTicket = operation({
  id: 'createTicket',
  method: 'POST',
  path: '/v1/tickets',
  contract: createTicketOperation,
  roles: TICKET_USERS,
  run: async (request, { intake }) => {
    const idempotencyKey = request.headers['idempotency-key'];
    const { ticket, replayed } = await intake.raise({
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
  },
});

export const listTickets = operation({
  id: 'listTickets',
  method: 'GET',
  path: '/v1/tickets',
  contract: listTicketsOperation,
  roles: TICKET_USERS,
  run: async (request, { intake, cursors }) => {
    const principal = requireTenantPrincipal(request.principal);
    return pagedResponse({
      cursors,
      scope: { tenantId: principal.tenantId, userId: principal.userId, operation: 'listTickets' },
      query: request.query,
      fetchPage: (page) => intake.list(principal, page),
      toResource: toTicketResource,
    });
  },
});

export const getTicket = operation({
  id: 'getTicket',
  method: 'GET',
  path: '/v1/tickets/{ticketId}',
  contract: getTicketOperation,
  roles: TICKET_USERS,
  run: async (request, { intake }) => {
    const ticket = await intake.get(requireTenantPrincipal(request.principal), request.path.ticketId);
    return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
  },
});

export const transitionTicket = operation({
  id: 'transitionTicket',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/transitions',
  contract: transitionTicketOperation,
  // Requesters' moves are narrowed further by the lifecycle itself.
  roles: TICKET_USERS,
  run: async (request, { lifecycle }) => {
    const ticket = await lifecycle.transition({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      request: { to: request.body.to, reason: request.body.reason },
      expectedVersion: request.headers['if-match'],
      correlationId: request.correlationId,
    });
    return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
  },
});

export const listTicketHistory = operation({
  id: 'listTicketHistory',
  method: 'GET',
  path: '/v1/tickets/{ticketId}/history',
  contract: listTicketHistoryOperation,
  roles: TICKET_USERS,
  run: async (request, { lifecycle }) => {
    const entries = await lifecycle.history(requireTenantPrincipal(request.principal), request.path.ticketId);
    return { status: 200, body: { items: entries.map(toHistoryEntryResource) } };
  },
});

export const linkTicket = operation({
  id: 'linkTicket',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/links',
  contract: linkTicketOperation,
  roles: ['agent', 'tenant_admin', 'delegated_admin'],
  run: async (request, { lifecycle }) => {
    const ticket = await lifecycle.link({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      kind: request.body.kind,
      otherTicketId: request.body.ticketId,
    });
    return { status: 200, body: toTicketResource(ticket), headers: { etag: ticketEtag(ticket) } };
  },
});

export const addTicketComment = operation({
  id: 'addTicketComment',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/comments',
  contract: addTicketCommentOperation,
  // Requesters see and write public items only (decided in the domain).
  roles: TICKET_USERS,
  run: async (request, { conversation }) => {
    const comment = await conversation.comment({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      body: request.body.body,
      visibility: request.body.visibility,
      correlationId: request.correlationId,
    });
    return { status: 201, body: toCommentResource(comment) };
  },
});

export const listTicketComments = operation({
  id: 'listTicketComments',
  method: 'GET',
  path: '/v1/tickets/{ticketId}/comments',
  contract: listTicketCommentsOperation,
  roles: TICKET_USERS,
  run: async (request, { conversation }) => {
    const comments = await conversation.comments(
      requireTenantPrincipal(request.principal),
      request.path.ticketId,
    );
    return { status: 200, body: { items: comments.map(toCommentResource) } };
  },
});

export const declareTicketAttachment = operation({
  id: 'declareTicketAttachment',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/attachments',
  contract: declareAttachmentOperation,
  roles: TICKET_USERS,
  run: async (request, { conversation }) => {
    const { attachment, upload } = await conversation.declareAttachment({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      ...request.body,
    });
    return {
      status: 201,
      body: { attachment: toAttachmentResource(attachment), upload: toPresignedResource(upload) },
    };
  },
});

export const listTicketAttachments = operation({
  id: 'listTicketAttachments',
  method: 'GET',
  path: '/v1/tickets/{ticketId}/attachments',
  contract: listAttachmentsOperation,
  roles: TICKET_USERS,
  run: async (request, { conversation }) => {
    const attachments = await conversation.attachments(
      requireTenantPrincipal(request.principal),
      request.path.ticketId,
    );
    return { status: 200, body: { items: attachments.map(toAttachmentResource) } };
  },
});

export const getTicketAttachment = operation({
  id: 'getTicketAttachment',
  method: 'GET',
  path: '/v1/tickets/{ticketId}/attachments/{attachmentId}',
  contract: getAttachmentOperation,
  roles: TICKET_USERS,
  run: async (request, { conversation }) => {
    const { attachment, download } = await conversation.downloadAttachment(
      requireTenantPrincipal(request.principal),
      request.path.ticketId,
      request.path.attachmentId,
    );
    return {
      status: 200,
      body: { attachment: toAttachmentResource(attachment), download: toPresignedResource(download) },
    };
  },
});

export const completeTicketAttachment = operation({
  id: 'completeTicketAttachment',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/attachments/{attachmentId}/complete',
  contract: completeAttachmentOperation,
  // Whoever may attach may complete the upload (the stored bytes are metered).
  roles: TICKET_USERS,
  run: async (request, { attachmentUploads }) => {
    const { attachment, stored } = await attachmentUploads.complete({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      attachmentId: request.path.attachmentId,
      correlationId: request.correlationId,
    });
    return {
      status: 200,
      body: {
        attachment: toAttachmentResource(attachment),
        storedBytes: stored.bytes,
        storedAt: stored.storedAt,
      },
    };
  },
});

export const logTicketTime = operation({
  id: 'logTicketTime',
  method: 'POST',
  path: '/v1/tickets/{ticketId}/time-entries',
  contract: logTicketTimeOperation,
  roles: ['agent'],
  run: async (request, { time }) => {
    const entry = await time.logTime({
      principal: requireTenantPrincipal(request.principal),
      ticketId: request.path.ticketId,
      input: request.body,
      correlationId: request.correlationId,
    });
    return { status: 201, body: toTimeEntryResource(entry) };
  },
});

export const listTicketTimeEntries = operation({
  id: 'listTicketTimeEntries',
  method: 'GET',
  path: '/v1/tickets/{ticketId}/time-entries',
  contract: listTicketTimeEntriesOperation,
  // Agents and admins read time; requesters never do.
  roles: ['agent', 'tenant_admin', 'delegated_admin'],
  run: async (request, { time }) => {
    const entries = await time.timeEntries(requireTenantPrincipal(request.principal), request.path.ticketId);
    return { status: 200, body: { items: entries.map(toTimeEntryResource) } };
  },
});

export const getTriageRules = operation({
  id: 'getTriageRules',
  method: 'GET',
  path: '/v1/triage/rules',
  contract: getTriageRulesOperation,
  roles: ['agent', 'tenant_admin', 'delegated_admin'],
  run: async (request, { triageRules }) => {
    const rules = await triageRules.read(requireTenantPrincipal(request.principal).tenantId);
    return { status: 200, body: { rules } };
  },
});

export const putTriageRules = operation({
  id: 'putTriageRules',
  method: 'PUT',
  path: '/v1/triage/rules',
  contract: putTriageRulesOperation,
  roles: ['tenant_admin'],
  run: async (request, { triageRules, clock }) => {
    const { tenantId } = requireTenantPrincipal(request.principal);
    // The list is replaced as a whole: order is meaning (first match wins).
    await triageRules.replace(tenantId, request.body.rules, clock.now().toISOString());
    return { status: 200, body: { rules: request.body.rules } };
  },
});

export const listMyNotifications = operation({
  id: 'listMyNotifications',
  method: 'GET',
  path: '/v1/me/notifications',
  contract: listMyNotificationsOperation,
  roles: ['requester', 'agent', 'tenant_admin', 'delegated_admin', 'finance'],
  run: async (request, { notifications, cursors }) => {
    const principal = requireTenantPrincipal(request.principal);
    return pagedResponse({
      cursors,
      scope: { tenantId: principal.tenantId, userId: principal.userId, operation: 'listMyNotifications' },
      query: request.query,
      fetchPage: (page) => notifications.listForUser(principal.tenantId, principal.userId, page),
      toResource: toNotificationResource,
    });
  },
});

export const ticketsContext = defineHttpContext({
  name: 'tickets',
  description: 'Tickets: intake, lifecycle, conversation, attachments, time entries, triage rules, inbox',
  table: 'read-write',
  bucket: 'read-write',
  operations: [
    createTicket,
    listTickets,
    getTicket,
    transitionTicket,
    listTicketHistory,
    linkTicket,
    addTicketComment,
    listTicketComments,
    declareTicketAttachment,
    listTicketAttachments,
    getTicketAttachment,
    completeTicketAttachment,
    logTicketTime,
    listTicketTimeEntries,
    getTriageRules,
    putTriageRules,
    listMyNotifications,
  ],
});
