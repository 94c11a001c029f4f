/**
 * The one declaration of Guichet's runtime shape: functions, HTTP routes, queues, schedules and
 * (from `events/`) EventBridge rules. The CDK app (`infra/stacks`) and the local runtime
 * (`local`) both interpret this module, so the cloud and the laptop cannot drift.
 */
import { type RuleSpec, rules } from '../events/rules.ts';
import { httpContexts } from '../functions/http-contexts.ts';
import type { HttpContextShape, HttpMethod, TableAccess } from '../shared/http/operation-declaration.ts';

export type { HttpMethod, TableAccess };

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly table: TableAccess;
  /** Publishes to the event bus directly (most functions do not: they write to the outbox). */
  readonly putsEvents?: boolean;
  /** Reads and writes the object bucket. */
  readonly bucket?: 'read' | 'read-write';
}

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tickets/{ticketId}`. */
  readonly path: string;
  readonly function: FunctionName;
  /** Stable operation id: OpenAPI `operationId` and the key of the permission table. */
  readonly operation: string;
  /** `token`: the Lambda authoriser runs first; `public`: no credentials (docs only). */
  readonly auth: 'token' | 'public';
}

export interface QueueSpec {
  readonly name: string;
  readonly consumer: FunctionName;
  readonly batchSize: number;
  readonly visibilityTimeoutSeconds: number;
  /**
   * Batches in flight at once (the event source mapping's `maxConcurrency`, 2–1000): enough
   * that a burst of events drains in seconds, bounded so the consumer cannot starve the table.
   */
  readonly maxConcurrency: number;
  /** Deliveries before a message moves to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
}

export interface ScheduleSpec {
  readonly name: string;
  readonly function: FunctionName;
  /** Period in AWS (EventBridge Scheduler/rule rate). */
  readonly rateMinutes: number;
  /** Period on the local stack, where a faster tick keeps tests short. */
  readonly localIntervalMs: number;
}

const legacyFunctions = {
  authorizer: {
    entry: 'functions/auth/authorizer.ts',
    description: 'Lambda authoriser: verifies the bearer token against the issuer of its tenant',
    memoryMb: 256,
    timeoutSeconds: 5,
    // read-write: records the last use of API keys (and audits it for tenant keys)
    table: 'read-write',
  },
  createTicket: {
    entry: 'functions/tickets/create-ticket.ts',
    description: 'POST /v1/tickets: the single point of contact intake',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  getTicket: {
    entry: 'functions/tickets/get-ticket.ts',
    description: 'GET /v1/tickets/{ticketId}',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  listTickets: {
    entry: 'functions/tickets/list-tickets.ts',
    description: "GET /v1/tickets: a requester's own tickets, or the tenant's queue for agents",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  listNotifications: {
    entry: 'functions/notifications/list-notifications.ts',
    description: "GET /v1/me/notifications: the caller's notification inbox",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  notifyRequester: {
    entry: 'functions/notifications/notify-requester.ts',
    description: 'Consumes the notifications queue: writes inbox entries, idempotently',
    memoryMb: 256,
    timeoutSeconds: 30,
    table: 'read-write',
  },
  apiDocs: {
    entry: 'functions/docs/api-docs.ts',
    description: 'GET /openapi.json and /docs',
    memoryMb: 256,
    timeoutSeconds: 5,
    table: 'none',
  },
  // --- tenancy: tenants, identity providers, engagements, provider desks, audit log ---
  onboardTenant: {
    entry: 'functions/tenancy/onboard-tenant.ts',
    description: 'POST /v1/platform/tenants: platform admins onboard a tenant',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  getPlatformTenant: {
    entry: 'functions/tenancy/get-tenant.ts',
    description: 'GET /v1/platform/tenants/{tenantId}',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  suspendTenant: {
    entry: 'functions/tenancy/suspend-tenant.ts',
    description: 'POST /v1/platform/tenants/{tenantId}/suspend',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  reactivateTenant: {
    entry: 'functions/tenancy/reactivate-tenant.ts',
    description: 'POST /v1/platform/tenants/{tenantId}/reactivate',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  registerIdentityProvider: {
    entry: 'functions/tenancy/register-identity-provider.ts',
    description: "PUT /v1/tenant/identity-provider: the tenant's OIDC issuer and claim mapping",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  getIdentityProvider: {
    entry: 'functions/tenancy/get-identity-provider.ts',
    description: 'GET /v1/tenant/identity-provider',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  engageProvider: {
    entry: 'functions/tenancy/engage-provider.ts',
    description: 'POST /v1/tenant/engagements',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listTenantEngagements: {
    entry: 'functions/tenancy/list-tenant-engagements.ts',
    description: 'GET /v1/tenant/engagements',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  changeEngagementStatus: {
    entry: 'functions/tenancy/change-engagement-status.ts',
    description: 'PUT /v1/tenant/engagements/{engagementId}/status: suspend, resume or end',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listProviderEngagements: {
    entry: 'functions/tenancy/list-provider-engagements.ts',
    description: 'GET /v1/provider/engagements',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  getProviderDesk: {
    entry: 'functions/tenancy/get-provider-desk.ts',
    description: "GET /v1/provider/desk: the provider's teams and agents",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  addProviderTeam: {
    entry: 'functions/tenancy/add-team.ts',
    description: 'POST /v1/provider/teams',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  addProviderAgent: {
    entry: 'functions/tenancy/add-agent.ts',
    description: 'POST /v1/provider/agents',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  getProviderTicket: {
    entry: 'functions/tenancy/get-provider-ticket.ts',
    description: "GET /v1/provider/tenants/{tenantId}/tickets/{ticketId}: an engaged tenant's ticket",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listAuditEntries: {
    entry: 'functions/tenancy/list-audit-entries.ts',
    description: "GET /v1/audit: the tenant's audit log",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  createApiKey: {
    entry: 'functions/tenancy/create-api-key.ts',
    description: 'POST /v1/api-keys: an integration key, shown once',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listApiKeys: {
    entry: 'functions/tenancy/list-api-keys.ts',
    description: "GET /v1/api-keys: the organisation's keys",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  revokeApiKey: {
    entry: 'functions/tenancy/revoke-api-key.ts',
    description: 'DELETE /v1/api-keys/{keyId}',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listProviderTickets: {
    entry: 'functions/tenancy/list-provider-tickets.ts',
    description: "GET /v1/provider/tickets: engaged tenants' tickets in scope, in one call",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // SLA engine (issue #5)
  putSlaCalendar: {
    entry: 'functions/sla/put-sla-calendar.ts',
    description: 'PUT /v1/sla/calendars/{calendarId}: business calendars (tenant admins)',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listSlaCalendars: {
    entry: 'functions/sla/list-sla-calendars.ts',
    description: 'GET /v1/sla/calendars',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  putSlaPolicy: {
    entry: 'functions/sla/put-sla-policy.ts',
    description: 'PUT /v1/sla/policies/{policyId}: a new version of an SLA policy (tenant admins)',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listSlaPolicies: {
    entry: 'functions/sla/list-sla-policies.ts',
    description: 'GET /v1/sla/policies',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  getTicketSla: {
    entry: 'functions/sla/get-ticket-sla.ts',
    description: "GET /v1/tickets/{ticketId}/sla: the ticket's SLA and OLA clocks",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  recomputeTicketSla: {
    entry: 'functions/sla/recompute-ticket-sla.ts',
    description: 'POST /v1/tickets/{ticketId}/sla/recompute: SLA repair by replay (tenant admins)',
    memoryMb: 256,
    timeoutSeconds: 15,
    table: 'read-write',
  },
  trackTicketSla: {
    entry: 'functions/sla/track-ticket-sla.ts',
    description: "Ticket events to the ticket's SLA history, clocks and milestone timers",
    memoryMb: 256,
    timeoutSeconds: 30,
    table: 'read-write',
  },
  sweepSlaMilestones: {
    entry: 'functions/sla/sweep-sla-milestones.ts',
    description: 'Scheduled: fires due SLA milestones (SlaWarning, SlaBreached) exactly once',
    memoryMb: 512,
    timeoutSeconds: 55,
    table: 'read-write',
  },
  escalateSlaBreach: {
    entry: 'functions/sla/escalate-sla-breach.ts',
    description: 'SlaBreached: escalation to the next tier (record + SlaEscalated)',
    memoryMb: 256,
    timeoutSeconds: 30,
    table: 'read-write',
  },
  getSlaReport: {
    entry: 'functions/sla/get-sla-report.ts',
    description: 'GET /v1/reports/sla: SLA compliance per priority and period',
    memoryMb: 512,
    timeoutSeconds: 29,
    table: 'read',
  },
  // Billing
  aggregateUsage: {
    entry: 'functions/billing/aggregate-usage.ts',
    description:
      'Consumes the billing usage queue: counts each usage fact once per tenant × engagement × meter × period',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write', // it writes tenants' usage counters (was 'read': refused by IAM)
  },
  getBillingUsage: {
    entry: 'functions/billing/get-usage.ts',
    description: 'GET /v1/billing/usage: live usage of a period, rated',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  closeBillingPeriod: {
    entry: 'functions/billing/close-period.ts',
    description: 'POST /v1/billing/periods/{period}/close: freezes statements and writes exports',
    memoryMb: 512,
    timeoutSeconds: 60,
    table: 'read-write', // it writes tenants' statements (was 'read': refused by IAM)
    bucket: 'read-write',
  },
  listBillingStatements: {
    entry: 'functions/billing/list-statements.ts',
    description: 'GET /v1/billing/statements: frozen statements and client mix',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  getBillingExport: {
    entry: 'functions/billing/get-export.ts',
    description: 'GET /v1/billing/exports/{period}: presigned links to a closed period export',
    memoryMb: 512,
    timeoutSeconds: 30,
    table: 'read',
    bucket: 'read-write',
  },
  // Lifecycle (#4)
  transitionTicket: {
    entry: 'functions/tickets/transition-ticket.ts',
    description: 'POST /v1/tickets/{ticketId}/transitions: lifecycle moves, If-Match guarded',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listTicketHistory: {
    entry: 'functions/tickets/list-ticket-history.ts',
    description: "GET /v1/tickets/{ticketId}/history: a ticket's committed changes",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Conversation (#4)
  addTicketComment: {
    entry: 'functions/tickets/add-ticket-comment.ts',
    description: 'POST /v1/tickets/{ticketId}/comments',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listTicketComments: {
    entry: 'functions/tickets/list-ticket-comments.ts',
    description: 'GET /v1/tickets/{ticketId}/comments',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  declareTicketAttachment: {
    entry: 'functions/tickets/declare-ticket-attachment.ts',
    description: 'POST /v1/tickets/{ticketId}/attachments',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
    bucket: 'read-write',
  },
  listTicketAttachments: {
    entry: 'functions/tickets/list-ticket-attachments.ts',
    description: 'GET /v1/tickets/{ticketId}/attachments',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  getTicketAttachment: {
    entry: 'functions/tickets/get-ticket-attachment.ts',
    description: 'GET /v1/tickets/{ticketId}/attachments/{attachmentId}',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
    bucket: 'read',
  },
  // Triage (#4)
  getTriageRules: {
    entry: 'functions/triage/get-triage-rules.ts',
    description: 'GET /v1/triage/rules',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  putTriageRules: {
    entry: 'functions/triage/put-triage-rules.ts',
    description: 'PUT /v1/triage/rules',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  linkTicket: {
    entry: 'functions/tickets/link-ticket.ts',
    description: 'POST /v1/tickets/{ticketId}/links',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Routing (#4)
  routeTicket: {
    entry: 'functions/routing/route-ticket.ts',
    description: 'TicketCreated to tenant routing rules to provider team and agent (TicketRouted)',
    memoryMb: 256,
    timeoutSeconds: 30,
    table: 'read-write',
  },
  getRoutingRules: {
    entry: 'functions/routing/get-routing-rules.ts',
    description: 'GET /v1/routing/rules',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  putRoutingRules: {
    entry: 'functions/routing/put-routing-rules.ts',
    description: 'PUT /v1/routing/rules',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  dryRunRouting: {
    entry: 'functions/routing/dry-run-routing.ts',
    description: 'POST /v1/routing/dry-run',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  getTicketRouting: {
    entry: 'functions/routing/get-ticket-routing.ts',
    description: 'GET /v1/tickets/{ticketId}/routing',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  reassignTicket: {
    entry: 'functions/routing/reassign-ticket.ts',
    description: 'POST /v1/tickets/{ticketId}/assignment: assign, reassign, escalate',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Provider queue (#4)
  listProviderQueue: {
    entry: 'functions/provider/provider-queue.ts',
    description: "GET /v1/provider/queue: the provider's cross-tenant queue (GSI3)",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Routing's directory (#4): agents' availability, on the provider desk
  setAgentAvailability: {
    entry: 'functions/tenancy/set-agent-availability.ts',
    description: 'PUT /v1/provider/agents/{agentId}/availability',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Provider actions on tenant tickets (#4): engagement check on platform items, then tenant-scoped writes
  transitionProviderTicket: {
    entry: 'functions/provider/transition-provider-ticket.ts',
    description: 'POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/transitions',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  commentOnProviderTicket: {
    entry: 'functions/provider/comment-on-provider-ticket.ts',
    description: 'POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/comments',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Per-provider SLA report (#5): provider-scoped Query on PROVIDER#<id>#SLA_LEDGER#… (GSI3)
  getProviderSlaReport: {
    entry: 'functions/sla/get-provider-sla-report.ts',
    description: "GET /v1/provider/reports/sla: the provider's SLA compliance across tenants",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Billing meters (#6): time entries on tickets (agent handling minutes)
  logTicketTime: {
    entry: 'functions/tickets/log-ticket-time.ts',
    description: 'POST /v1/tickets/{ticketId}/time-entries: an agent logs minutes of work (metered)',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listTicketTimeEntries: {
    entry: 'functions/tickets/list-ticket-time-entries.ts',
    description: "GET /v1/tickets/{ticketId}/time-entries: a ticket's time entries",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Billing meters (#6): the tenant service catalogue (catalogue fulfilments)
  putCatalogueItem: {
    entry: 'functions/catalogue/put-catalogue-item.ts',
    description: 'PUT /v1/catalogue/items/{itemId}: a tenant admin defines or retires a catalogue item',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  listCatalogue: {
    entry: 'functions/catalogue/list-catalogue.ts',
    description: "GET /v1/catalogue: the tenant's orderable catalogue items",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Billing meters (#6): attachment upload completion (storage GB-month)
  completeTicketAttachment: {
    entry: 'functions/tickets/complete-ticket-attachment.ts',
    description: 'POST /v1/tickets/{ticketId}/attachments/{attachmentId}/complete: the bytes are stored',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Billing meters (#6): the AWS producer of api.calls (access-log subscription, infra/constructs/api-usage-subscription.ts)
  recordApiUsage: {
    entry: 'functions/billing/record-api-usage.ts',
    description: 'Counts authenticated API calls per tenant × caller × minute from the API access log',
    memoryMb: 256,
    timeoutSeconds: 30,
    table: 'read-write',
  },
  // Billing (#6): price books by reference (tenancy engagements' priceBookRef)
  putBillingPriceBook: {
    entry: 'functions/billing/put-price-book.ts',
    description: 'PUT /v1/billing/price-books/{ref}: finance stores a price book under a reference',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Provider agents log time on tenant tickets (#6): engagement check, then tenant-scoped write
  logProviderTicketTime: {
    entry: 'functions/provider/log-provider-ticket-time.ts',
    description: 'POST /v1/provider/tenants/{tenantId}/tickets/{ticketId}/time-entries',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // SLA breach action notify (#5): the provider inbox, read with provider-scoped credentials (GSI3)
  listProviderNotifications: {
    entry: 'functions/notifications/list-provider-notifications.ts',
    description: "GET /v1/provider/notifications: the signed-in provider user's inbox",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read',
  },
  // Routing (#4): agents' loads released on resolve/close and restored on reopen
  releaseAgentLoad: {
    entry: 'functions/routing/release-agent-load.ts',
    description: "TicketStatusChanged to the assignee's load in the team (once per event)",
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Routing (#4): transfer to another team
  transferTicket: {
    entry: 'functions/routing/transfer-ticket.ts',
    description: 'POST /v1/tickets/{ticketId}/transfer: to a team of an engaged provider',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
  // Platform (#3): provider organisations with their own IdP
  onboardProvider: {
    entry: 'functions/tenancy/onboard-provider.ts',
    description: 'POST /v1/platform/providers: a platform admin creates a provider organisation',
    memoryMb: 256,
    timeoutSeconds: 10,
    table: 'read-write',
  },
} as const satisfies Record<string, FunctionSpec>;

/** Every function's name: a context's HTTP function, or a worker/authoriser declared above. */
export type FunctionName = keyof typeof legacyFunctions | (typeof httpContexts)[number]['name'];

const legacyRoutes = [
  { method: 'POST', path: '/v1/tickets', function: 'createTicket', operation: 'createTicket', auth: 'token' },
  { method: 'GET', path: '/v1/tickets', function: 'listTickets', operation: 'listTickets', auth: 'token' },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}',
    function: 'getTicket',
    operation: 'getTicket',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/me/notifications',
    function: 'listNotifications',
    operation: 'listMyNotifications',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    function: 'apiDocs',
    operation: 'getOpenApiDocument',
    auth: 'public',
  },
  { method: 'GET', path: '/docs', function: 'apiDocs', operation: 'getApiDocsPage', auth: 'public' },
  // --- tenancy ---
  {
    method: 'POST',
    path: '/v1/platform/tenants',
    function: 'onboardTenant',
    operation: 'onboardTenant',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/platform/tenants/{tenantId}',
    function: 'getPlatformTenant',
    operation: 'getPlatformTenant',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/suspend',
    function: 'suspendTenant',
    operation: 'suspendTenant',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/reactivate',
    function: 'reactivateTenant',
    operation: 'reactivateTenant',
    auth: 'token',
  },
  {
    method: 'PUT',
    path: '/v1/tenant/identity-provider',
    function: 'registerIdentityProvider',
    operation: 'registerIdentityProvider',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tenant/identity-provider',
    function: 'getIdentityProvider',
    operation: 'getIdentityProvider',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/tenant/engagements',
    function: 'engageProvider',
    operation: 'engageProvider',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tenant/engagements',
    function: 'listTenantEngagements',
    operation: 'listTenantEngagements',
    auth: 'token',
  },
  {
    method: 'PUT',
    path: '/v1/tenant/engagements/{engagementId}/status',
    function: 'changeEngagementStatus',
    operation: 'changeEngagementStatus',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/provider/engagements',
    function: 'listProviderEngagements',
    operation: 'listProviderEngagements',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/provider/desk',
    function: 'getProviderDesk',
    operation: 'getProviderDesk',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/provider/teams',
    function: 'addProviderTeam',
    operation: 'addProviderTeam',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/provider/agents',
    function: 'addProviderAgent',
    operation: 'addProviderAgent',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/provider/tenants/{tenantId}/tickets/{ticketId}',
    function: 'getProviderTicket',
    operation: 'getProviderTicket',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/audit',
    function: 'listAuditEntries',
    operation: 'listAuditEntries',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/api-keys',
    function: 'createApiKey',
    operation: 'createApiKey',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/api-keys',
    function: 'listApiKeys',
    operation: 'listApiKeys',
    auth: 'token',
  },
  {
    method: 'DELETE',
    path: '/v1/api-keys/{keyId}',
    function: 'revokeApiKey',
    operation: 'revokeApiKey',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/provider/tickets',
    function: 'listProviderTickets',
    operation: 'listProviderTickets',
    auth: 'token',
  },
  // SLA engine (issue #5)
  {
    method: 'PUT',
    path: '/v1/sla/calendars/{calendarId}',
    function: 'putSlaCalendar',
    operation: 'putSlaCalendar',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/sla/calendars',
    function: 'listSlaCalendars',
    operation: 'listSlaCalendars',
    auth: 'token',
  },
  {
    method: 'PUT',
    path: '/v1/sla/policies/{policyId}',
    function: 'putSlaPolicy',
    operation: 'putSlaPolicy',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/sla/policies',
    function: 'listSlaPolicies',
    operation: 'listSlaPolicies',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/sla',
    function: 'getTicketSla',
    operation: 'getTicketSla',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/sla/recompute',
    function: 'recomputeTicketSla',
    operation: 'recomputeTicketSla',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/reports/sla',
    function: 'getSlaReport',
    operation: 'getSlaReport',
    auth: 'token',
  },
  // Billing
  {
    method: 'GET',
    path: '/v1/billing/usage',
    function: 'getBillingUsage',
    operation: 'getBillingUsage',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/billing/periods/{period}/close',
    function: 'closeBillingPeriod',
    operation: 'closeBillingPeriod',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/billing/statements',
    function: 'listBillingStatements',
    operation: 'listBillingStatements',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/billing/exports/{period}',
    function: 'getBillingExport',
    operation: 'getBillingExport',
    auth: 'token',
  },
  // Lifecycle (#4)
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/transitions',
    function: 'transitionTicket',
    operation: 'transitionTicket',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/history',
    function: 'listTicketHistory',
    operation: 'listTicketHistory',
    auth: 'token',
  },
  // Conversation (#4)
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/comments',
    function: 'addTicketComment',
    operation: 'addTicketComment',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/comments',
    function: 'listTicketComments',
    operation: 'listTicketComments',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/attachments',
    function: 'declareTicketAttachment',
    operation: 'declareTicketAttachment',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/attachments',
    function: 'listTicketAttachments',
    operation: 'listTicketAttachments',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/attachments/{attachmentId}',
    function: 'getTicketAttachment',
    operation: 'getTicketAttachment',
    auth: 'token',
  },
  // Triage (#4)
  {
    method: 'GET',
    path: '/v1/triage/rules',
    function: 'getTriageRules',
    operation: 'getTriageRules',
    auth: 'token',
  },
  {
    method: 'PUT',
    path: '/v1/triage/rules',
    function: 'putTriageRules',
    operation: 'putTriageRules',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/links',
    function: 'linkTicket',
    operation: 'linkTicket',
    auth: 'token',
  },
  // Routing (#4)
  {
    method: 'GET',
    path: '/v1/routing/rules',
    function: 'getRoutingRules',
    operation: 'getRoutingRules',
    auth: 'token',
  },
  {
    method: 'PUT',
    path: '/v1/routing/rules',
    function: 'putRoutingRules',
    operation: 'putRoutingRules',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/routing/dry-run',
    function: 'dryRunRouting',
    operation: 'dryRunRouting',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/routing',
    function: 'getTicketRouting',
    operation: 'getTicketRouting',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/assignment',
    function: 'reassignTicket',
    operation: 'reassignTicket',
    auth: 'token',
  },
  // Provider queue (#4)
  {
    method: 'GET',
    path: '/v1/provider/queue',
    function: 'listProviderQueue',
    operation: 'listProviderQueue',
    auth: 'token',
  },
  // Routing's directory (#4)
  {
    method: 'PUT',
    path: '/v1/provider/agents/{agentId}/availability',
    function: 'setAgentAvailability',
    operation: 'setAgentAvailability',
    auth: 'token',
  },
  // Provider actions on tenant tickets (#4)
  {
    method: 'POST',
    path: '/v1/provider/tenants/{tenantId}/tickets/{ticketId}/transitions',
    function: 'transitionProviderTicket',
    operation: 'transitionProviderTicket',
    auth: 'token',
  },
  {
    method: 'POST',
    path: '/v1/provider/tenants/{tenantId}/tickets/{ticketId}/comments',
    function: 'commentOnProviderTicket',
    operation: 'commentOnProviderTicket',
    auth: 'token',
  },
  // Per-provider SLA report (#5)
  {
    method: 'GET',
    path: '/v1/provider/reports/sla',
    function: 'getProviderSlaReport',
    operation: 'getProviderSlaReport',
    auth: 'token',
  },
  // Billing meters (#6): time entries on tickets
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/time-entries',
    function: 'logTicketTime',
    operation: 'logTicketTime',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/tickets/{ticketId}/time-entries',
    function: 'listTicketTimeEntries',
    operation: 'listTicketTimeEntries',
    auth: 'token',
  },
  // Billing meters (#6): the tenant service catalogue
  {
    method: 'PUT',
    path: '/v1/catalogue/items/{itemId}',
    function: 'putCatalogueItem',
    operation: 'putCatalogueItem',
    auth: 'token',
  },
  {
    method: 'GET',
    path: '/v1/catalogue',
    function: 'listCatalogue',
    operation: 'listCatalogue',
    auth: 'token',
  },
  // Billing meters (#6): attachment upload completion
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/attachments/{attachmentId}/complete',
    function: 'completeTicketAttachment',
    operation: 'completeTicketAttachment',
    auth: 'token',
  },
  // Billing (#6): price books by reference
  {
    method: 'PUT',
    path: '/v1/billing/price-books/{ref}',
    function: 'putBillingPriceBook',
    operation: 'putBillingPriceBook',
    auth: 'token',
  },
  // Provider agents log time on tenant tickets (#6)
  {
    method: 'POST',
    path: '/v1/provider/tenants/{tenantId}/tickets/{ticketId}/time-entries',
    function: 'logProviderTicketTime',
    operation: 'logProviderTicketTime',
    auth: 'token',
  },
  // SLA breach action notify (#5): the provider inbox
  {
    method: 'GET',
    path: '/v1/provider/notifications',
    function: 'listProviderNotifications',
    operation: 'listProviderNotifications',
    auth: 'token',
  },
  // Routing (#4): transfer to another team
  {
    method: 'POST',
    path: '/v1/tickets/{ticketId}/transfer',
    function: 'transferTicket',
    operation: 'transferTicket',
    auth: 'token',
  },
  // Platform (#3): provider organisations
  {
    method: 'POST',
    path: '/v1/platform/providers',
    function: 'onboardProvider',
    operation: 'onboardProvider',
    auth: 'token',
  },
] as const satisfies readonly RouteSpec[];

/** Defaults of a context function, so that its declaration names only what differs. */
export const FUNCTION_DEFAULTS = { memoryMb: 256, timeoutSeconds: 10 } as const;

/** A context's function: `functions/<name>/handler.ts`, serving every operation it declares. */
const contextFunctionSpec = (context: HttpContextShape): FunctionSpec => ({
  entry: `functions/${context.name}/handler.ts`,
  description: context.description,
  memoryMb: context.memoryMb ?? FUNCTION_DEFAULTS.memoryMb,
  timeoutSeconds: context.timeoutSeconds ?? FUNCTION_DEFAULTS.timeoutSeconds,
  table: context.table,
  ...(context.putsEvents === undefined ? {} : { putsEvents: context.putsEvents }),
  ...(context.bucket === undefined ? {} : { bucket: context.bucket }),
});

const declaredOperationIds = new Set(
  httpContexts.flatMap((context) => context.operations.map((operation) => operation.id)),
);

/** Every HTTP route: derived from the contexts' operation declarations. */
export const routes: readonly RouteSpec[] = [
  ...httpContexts.flatMap((context) =>
    context.operations.map(
      (operation): RouteSpec => ({
        method: operation.method,
        path: operation.path,
        function: context.name,
        operation: operation.id,
        auth: operation.auth ?? 'token',
      }),
    ),
  ),
  ...legacyRoutes.filter((route) => !declaredOperationIds.has(route.operation)),
];

export const queues = [
  {
    name: 'notifications',
    consumer: 'notifyRequester',
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxConcurrency: 2,
    maxReceiveCount: 5,
  },
  // Billing: usage facts; a short visibility timeout so a crashed batch is retried quickly.
  {
    name: 'billing-usage',
    consumer: 'aggregateUsage',
    batchSize: 10,
    visibilityTimeoutSeconds: 15,
    maxConcurrency: 5,
    maxReceiveCount: 5,
  },
] as const satisfies readonly QueueSpec[];

export const schedules = [
  // SLA engine (issue #5)
  { name: 'sla-milestone-sweep', function: 'sweepSlaMilestones', rateMinutes: 1, localIntervalMs: 1000 },
] as const satisfies readonly ScheduleSpec[];

export const eventRules: readonly RuleSpec[] = rules;

/** The single-route functions whose operations a context now declares and serves. */
const replacedFunctions = new Set<string>(
  legacyRoutes.filter((route) => declaredOperationIds.has(route.operation)).map((route) => route.function),
);

/** Every function of the product: the contexts' HTTP functions, the authoriser and the workers. */
export const functions: Readonly<Record<string, FunctionSpec>> = {
  ...Object.fromEntries(Object.entries(legacyFunctions).filter(([name]) => !replacedFunctions.has(name))),
  ...Object.fromEntries(httpContexts.map((context) => [context.name, contextFunctionSpec(context)])),
};

/** Seconds an authoriser decision is cached: the longest a revoked permission can outlive its revocation. */
export const AUTHORIZER_CACHE_TTL_SECONDS = 30;
