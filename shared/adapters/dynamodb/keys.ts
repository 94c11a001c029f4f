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

// Billing (usage metering, period close): see shared/adapters/dynamodb/dynamodb-usage-ledger.ts.

/** One item per counted usage fact: its existence is what makes counting idempotent. */
export const usageFactKeys = (tenantId: string, factId: string) => ({
  PK: `${tenantPrefix(tenantId)}USAGEFACT#${factId}`,
  SK: 'USAGEFACT',
});

/** All usage counters and period states of a tenant for one billing period (`YYYY-MM`). */
export const usagePeriodPartition = (tenantId: string, period: string): string =>
  `${tenantPrefix(tenantId)}USAGE#${period}`;

/** A counter: tenant × engagement × meter × dimension, in a period; `origin` is the corrected period or `-`. */
export const usageCounterKeys = (
  tenantId: string,
  period: string,
  engagementId: string,
  meter: string,
  dimension: string,
  origin: string,
) => ({
  PK: usagePeriodPartition(tenantId, period),
  SK: `COUNTER#${engagementId}#${meter}#${dimension}#${origin}`,
});

export const usageCounterPrefix = (engagementId: string): string => `COUNTER#${engagementId}#`;

/** Whether (and when) a tenant × engagement period was closed; counters of a closed period never move. */
export const billingPeriodStateKeys = (tenantId: string, period: string, engagementId: string) => ({
  PK: usagePeriodPartition(tenantId, period),
  SK: `PERIOD#${engagementId}`,
});

/** A tenant's frozen statements, one per period × engagement, in one partition sorted by period. */
export const statementKeys = (tenantId: string, period: string, engagementId: string) => ({
  PK: `${tenantPrefix(tenantId)}BILLING#STATEMENTS`,
  SK: `STATEMENT#${period}#${engagementId}`,
});

export const statementPartition = (tenantId: string): string => `${tenantPrefix(tenantId)}BILLING#STATEMENTS`;

/** Billing's view of engagements (terms and price books), platform-owned. */
export const billingEngagementKeys = (engagementId: string) => ({
  PK: 'PLATFORM#BILLING#ENGAGEMENTS',
  SK: `ENGAGEMENT#${engagementId}`,
});

export const billingEngagementsPartition = 'PLATFORM#BILLING#ENGAGEMENTS';
