/**
 * Every key format of the table, built here and nowhere else.
 *
 * Ids never contain `#` (they are validated as such at the edge), so `TENANT#<id>#` is an
 * unambiguous prefix: tenant `ab` can never match tenant `abc`'s keys.
 */
export const tenantPrefix = (tenantId: string): string => `TENANT#${tenantId}#`;

/** Number of write shards of a tenant's queue index; readers query every shard and merge. */
export const TENANT_QUEUE_SHARDS = 4;

export const ticketKeys = (tenantId: string, ticketId: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: 'TICKET',
});

export const ticketHistoryKey = (tenantId: string, ticketId: string, sequence: number) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `HISTORY#${sequence.toString().padStart(8, '0')}`,
});

export const requesterTicketsPartition = (tenantId: string, requesterId: string): string =>
  `${tenantPrefix(tenantId)}REQUESTER#${requesterId}`;

export const tenantQueuePartition = (tenantId: string, shard: number): string =>
  `${tenantPrefix(tenantId)}QUEUE#${shard}`;

/** A stable shard for a ticket id, so a ticket always lives in the same queue shard. */
export const shardOf = (id: string, shards: number): number => {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % shards;
};

export const ticketCounterKeys = (tenantId: string) => ({
  PK: `${tenantPrefix(tenantId)}COUNTER#TICKET`,
  SK: 'COUNTER',
});

export const idempotencyKeys = (tenantId: string, principalId: string, key: string) => ({
  PK: `${tenantPrefix(tenantId)}IDEMPOTENCY#${principalId}#${key}`,
  SK: 'IDEMPOTENCY',
});

export const outboxKeys = (tenantId: string, eventId: string) => ({
  PK: `${tenantPrefix(tenantId)}OUTBOX#${eventId}`,
  SK: 'OUTBOX',
});

export const notificationPartition = (tenantId: string, userId: string): string =>
  `${tenantPrefix(tenantId)}USER#${userId}`;

export const notificationKeys = (tenantId: string, userId: string, occurredAt: string, eventId: string) => ({
  PK: notificationPartition(tenantId, userId),
  SK: `NOTIFICATION#${occurredAt}#${eventId}`,
});

/** Platform-level registry of token issuers; read by the authoriser, never by tenant credentials. */
export const issuerKeys = (issuer: string) => ({ PK: `PLATFORM#ISSUER#${issuer}`, SK: 'ISSUER' });

export const tenantKeys = (tenantId: string) => ({ PK: `PLATFORM#TENANT#${tenantId}`, SK: 'TENANT' });

/** The attribute that marks an item as an outbox entry; the stream filter (Pipes and local) keys on it. */
export const OUTBOX_ENTITY_TYPE = 'OUTBOX';

// Lifecycle (#4)
/** Sort-key prefix of a ticket's history entries, inside the ticket's partition. */
export const TICKET_HISTORY_SK_PREFIX = 'HISTORY#';

/** A ticket's comments sort by time inside the ticket's partition. */
export const ticketCommentKey = (
  tenantId: string,
  ticketId: string,
  createdAt: string,
  commentId: string,
) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `COMMENT#${createdAt}#${commentId}`,
});
export const TICKET_COMMENT_SK_PREFIX = 'COMMENT#';

export const ticketAttachmentKey = (tenantId: string, ticketId: string, attachmentId: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `ATTACHMENT#${attachmentId}`,
});
export const TICKET_ATTACHMENT_SK_PREFIX = 'ATTACHMENT#';

/** A tenant's ordered rule lists (triage, routing), one item per list, replaced as a whole. */
export const tenantRulesKeys = (tenantId: string, list: 'TRIAGE' | 'ROUTING') => ({
  PK: `${tenantPrefix(tenantId)}RULES#${list}`,
  SK: 'RULES',
});

/** The latest routing decision of a ticket, beside it in its partition. */
export const ticketRoutingKey = (tenantId: string, ticketId: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: 'ROUTING',
});

/** A provider team's assignment state (loads, rotation); platform-owned, written by the router. */
export const teamAssignmentStateKeys = (providerId: string, teamId: string) => ({
  PK: `PLATFORM#ASSIGNMENT#${providerId}#${teamId}`,
  SK: 'STATE',
});

/** Write shards of a provider's cross-tenant queue (GSI3); readers query each and merge. */
export const PROVIDER_QUEUE_SHARDS = 4;

export const providerQueuePartition = (providerId: string, shard: number): string =>
  `PROVIDER#${providerId}#SHARD#${shard}`;
