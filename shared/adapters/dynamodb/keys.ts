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

// --- tenancy: tenant identity providers, providers, engagements, audit log ---

/** A tenant's registered identity provider (which issuer it owns), beside its tenant item. */
export const tenantIdentityProviderKeys = (tenantId: string) => ({
  PK: `PLATFORM#TENANT#${tenantId}`,
  SK: 'IDENTITY_PROVIDER',
});

export const providerPartition = (providerId: string): string => `PLATFORM#PROVIDER#${providerId}`;

export const providerKeys = (providerId: string) => ({ PK: providerPartition(providerId), SK: 'PROVIDER' });

export const providerTeamKeys = (providerId: string, teamId: string) => ({
  PK: providerPartition(providerId),
  SK: `TEAM#${teamId}`,
});

export const providerAgentKeys = (providerId: string, agentId: string) => ({
  PK: providerPartition(providerId),
  SK: `AGENT#${agentId}`,
});

/**
 * An engagement binds a tenant and a provider, so it is a platform directory item written
 * twice in one transaction: once under the tenant (its admins manage it) and once under the
 * provider (the provider's reads start from it). Neither copy is tenant data.
 */
export const engagementOfTenantKeys = (tenantId: string, engagementId: string) => ({
  PK: `PLATFORM#TENANT#${tenantId}`,
  SK: `ENGAGEMENT#${engagementId}`,
});

export const engagementOfProviderKeys = (providerId: string, tenantId: string, engagementId: string) => ({
  PK: providerPartition(providerId),
  SK: `ENGAGEMENT#${tenantId}#${engagementId}`,
});

/** The tenant's append-only audit log: one partition, sorted by time then id. */
export const auditPartition = (tenantId: string): string => `${tenantPrefix(tenantId)}AUDIT`;

export const auditEntryKeys = (tenantId: string, occurredAt: string, entryId: string) => ({
  PK: auditPartition(tenantId),
  SK: `AUDIT#${occurredAt}#${entryId}`,
});

/** The authoriser's lookup of an integration API key by its id (the hash is in the item). */
export const apiKeyKeys = (keyId: string) => ({ PK: `PLATFORM#APIKEY#${keyId}`, SK: 'APIKEY' });

/** The owner's listing copy of an API key (without its hash). */
export const apiKeyOfOwnerKeys = (
  owner:
    | { readonly kind: 'tenant'; readonly tenantId: string }
    | { readonly kind: 'provider'; readonly providerId: string },
  keyId: string,
) => ({
  PK: owner.kind === 'tenant' ? `PLATFORM#TENANT#${owner.tenantId}` : providerPartition(owner.providerId),
  SK: `APIKEY#${keyId}`,
});

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
// --- SLA engine (issue #5) ---

/** Write shards of the platform's due-milestone index; the sweeper queries every shard. */
export const SLA_DUE_SHARDS = 8;

/** A tenant's calendars, one partition so the admin API can list them with one Query. */
export const slaCalendarKeys = (tenantId: string, calendarId: string) => ({
  PK: `${tenantPrefix(tenantId)}SLA_CALENDARS`,
  SK: `CALENDAR#${calendarId}`,
});

/** Every version of every policy of a tenant; a policy's versions sort in order under its id. */
export const slaPolicyPartition = (tenantId: string): string => `${tenantPrefix(tenantId)}SLA_POLICIES`;

export const slaPolicyVersionSortKey = (policyId: string, version: number): string =>
  `POLICY#${policyId}#V${version.toString().padStart(8, '0')}`;

/** The SLA state of a ticket lives beside the ticket, in the ticket's partition. */
export const ticketSlaKeys = (tenantId: string, ticketId: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: 'SLA#STATE',
});

/** A scheduled milestone (warning, breach) of one of the ticket's clocks; indexed in GSI4 while pending. */
export const slaTimerKeys = (tenantId: string, ticketId: string, milestoneKey: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `SLA#TIMER#${milestoneKey}`,
});

/** Marks a milestone fired: its conditional creation is what makes a milestone fire exactly once. */
export const slaFiredKeys = (tenantId: string, ticketId: string, milestoneKey: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `SLA#FIRED#${milestoneKey}`,
});

export const slaEscalationKeys = (tenantId: string, ticketId: string, milestoneKey: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `SLA#ESCALATION#${milestoneKey}`,
});

/** GSI4 partition of due milestones: platform-owned, read only by the sweeper's base client. */
export const slaDuePartition = (shard: number): string => `PLATFORM#SLA_DUE#${shard}`;

/** GSI4 sort key: due instant first (ISO, so lexical order is time order), then identity. */
export const slaDueSortKey = (
  dueAt: string,
  tenantId: string,
  ticketId: string,
  milestoneKey: string,
): string => `${dueAt}#${tenantId}#${ticketId}#${milestoneKey}`;

/** Month partition (`YYYY-MM` of creation) of a tenant's per-ticket SLA summaries, for compliance reports. */
export const slaLedgerPartition = (tenantId: string, month: string): string =>
  `${tenantPrefix(tenantId)}SLA_LEDGER#${month}`;

export const slaLedgerKeys = (tenantId: string, createdAt: string, ticketId: string) => ({
  PK: slaLedgerPartition(tenantId, createdAt.slice(0, 7)),
  SK: `TICKET#${createdAt}#${ticketId}`,
});

// SLA reach (issue #5): first public response
/** Claimed by the first public agent comment of a ticket; its conditional creation makes it once. */
export const ticketFirstResponseKey = (tenantId: string, ticketId: string) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: 'FIRST_RESPONSE',
});

// SLA breach actions (issue #5): one marker per action and breached milestone, created once
export const slaBreachActionKeys = (
  tenantId: string,
  ticketId: string,
  action: string,
  milestoneKey: string,
) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `SLA#ACTION#${action}#${milestoneKey}`,
});

// Per-provider SLA report (issue #5): ledger summaries also indexed in GSI3 under the provider
/** Month partition of a provider's SLA ledger in GSI3, read with provider-scoped credentials. */
export const providerSlaLedgerPartition = (providerId: string, month: string): string =>
  `PROVIDER#${providerId}#SLA_LEDGER#${month}`;

export const providerSlaLedgerSortKey = (createdAt: string, tenantId: string, ticketId: string): string =>
  `${createdAt}#${tenantId}#${ticketId}`;
// Billing meters (#6): time entries on tickets, catalogue items, seat markers.
/** A ticket's time entries sort by the instant the work happened, inside the ticket's partition. */
export const ticketTimeEntryKey = (
  tenantId: string,
  ticketId: string,
  workedAt: string,
  entryId: string,
) => ({
  PK: `${tenantPrefix(tenantId)}TICKET#${ticketId}`,
  SK: `TIME#${workedAt}#${entryId}`,
});
export const TICKET_TIME_ENTRY_SK_PREFIX = 'TIME#';
/** A tenant's service catalogue: one partition, one item per catalogue entry. */
export const catalogueItemKeys = (tenantId: string, itemId: string) => ({
  PK: `${tenantPrefix(tenantId)}CATALOGUE`,
  SK: `ITEM#${itemId}`,
});
export const CATALOGUE_ITEM_SK_PREFIX = 'ITEM#';
/** A tenant's stored objects (attachments), by the instant they were stored: the storage meter's inventory. */
export const storedObjectKeys = (tenantId: string, storedAt: string, objectId: string) => ({
  PK: `${tenantPrefix(tenantId)}STORAGE`,
  SK: `OBJECT#${storedAt}#${objectId}`,
});
/** Price books by reference (what a tenancy engagement's `priceBookRef` names), platform-owned. */
export const billingPriceBooksPartition = 'PLATFORM#BILLING#PRICEBOOKS';
export const billingPriceBookKeys = (ref: string) => ({ PK: billingPriceBooksPartition, SK: `BOOK#${ref}` });
// SLA breach action `notify` (#5): the provider inbox. Items live in the tenant's partition (written
// with tenant-scoped credentials, in the same transaction as the breach marker) and are indexed in
// GSI3 under the provider user, so the provider reads them with PROVIDER-scoped credentials.
export const providerNotificationKeys = (
  tenantId: string,
  providerId: string,
  userId: string,
  notificationId: string,
) => ({
  PK: `${tenantPrefix(tenantId)}PROVIDER_INBOX`,
  SK: `${providerId}#${userId}#${notificationId}`,
});
export const providerInboxPartition = (providerId: string, userId: string): string =>
  `PROVIDER#${providerId}#INBOX#${userId}`;
export const providerInboxSortKey = (occurredAt: string, tenantId: string, notificationId: string): string =>
  `${occurredAt}#${tenantId}#${notificationId}`;
// Routing (#4): a load change applied for one event (tenantId#eventId), created once with it
export const agentLoadChangeMarkerKeys = (idempotencyKey: string) => ({
  PK: `PLATFORM#ASSIGNMENT_EVENT#${idempotencyKey}`,
  SK: 'APPLIED',
});
