/**
 * The one declaration of Guichet's runtime shape: functions, HTTP routes, queues, schedules and
 * (from `events/`) EventBridge rules. The CDK app (`infra/stacks`) and the local runtime
 * (`infra/local`) both interpret this module, so the cloud and the laptop cannot drift.
 */
import { type RuleSpec, rules } from '../events/rules.ts';

/** How a function may touch the table; the CDK app grants exactly this and nothing wider. */
export type TableAccess = 'none' | 'read' | 'read-write';

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

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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

export const functions = {
  authorizer: {
    entry: 'functions/auth/authorizer.ts',
    description: 'Lambda authoriser: verifies the bearer token against the issuer of its tenant',
    memoryMb: 256,
    timeoutSeconds: 5,
    table: 'read',
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
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export const routes = [
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
] as const satisfies readonly RouteSpec[];

export type OperationId = (typeof routes)[number]['operation'];

export const queues = [
  {
    name: 'notifications',
    consumer: 'notifyRequester',
    batchSize: 10,
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
  },
] as const satisfies readonly QueueSpec[];

export const schedules = [] as const satisfies readonly ScheduleSpec[];

export const eventRules: readonly RuleSpec[] = rules;

/** Seconds an authoriser decision is cached: the longest a revoked permission can outlive its revocation. */
export const AUTHORIZER_CACHE_TTL_SECONDS = 30;
