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
