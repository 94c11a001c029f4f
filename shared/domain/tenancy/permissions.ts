/**
 * The permission table: which roles may call which operation. Route authorisation reads this
 * table and nothing else, so the authorisation matrix test can be generated from it.
 *
 * Object-level visibility (a requester sees only their own tickets) is decided in the domain,
 * after this coarse check, and answers 404 rather than 403 so ids cannot be probed.
 *
 * `delegated_admin` is given only operations whose objects carry a site/department the scope
 * check (`delegation.ts`) can be applied to — tickets — plus reads of tenant configuration that
 * hold no ticket data. Tenant-wide writes (rules, SLA repair) and per-ticket views of contexts
 * that do not know the ticket's site (routing, SLA) stay with agents and tenant admins.
 */
import type { Role } from './principal.ts';

export const permissionTable = {
  // Lifecycle (#4): requesters' moves are narrowed further by the lifecycle itself.
  // Conversation (#4): requesters see and write public items only (decided in the domain).
  // Triage (#4)
  // Routing (#4)
  getRoutingRules: ['agent', 'tenant_admin', 'delegated_admin'],
  putRoutingRules: ['tenant_admin'],
  dryRunRouting: ['agent', 'tenant_admin', 'delegated_admin'],
  getTicketRouting: ['agent', 'tenant_admin'],
  reassignTicket: ['agent', 'tenant_admin'],
  // Provider queue (#4)
  listProviderQueue: ['provider_agent', 'provider_admin'],
  // --- tenancy ---
  onboardTenant: ['platform_admin'],
  getPlatformTenant: ['platform_admin'],
  suspendTenant: ['platform_admin'],
  reactivateTenant: ['platform_admin'],
  registerIdentityProvider: ['tenant_admin'],
  getIdentityProvider: ['tenant_admin'],
  engageProvider: ['tenant_admin'],
  listTenantEngagements: ['tenant_admin'],
  changeEngagementStatus: ['tenant_admin'],
  listProviderEngagements: ['provider_agent', 'provider_admin', 'provider_finance'],
  getProviderDesk: ['provider_agent', 'provider_admin'],
  addProviderTeam: ['provider_admin'],
  addProviderAgent: ['provider_admin'],
  getProviderTicket: ['provider_agent', 'provider_admin'],
  listAuditEntries: ['tenant_admin'],
  createApiKey: ['tenant_admin', 'provider_admin'],
  listApiKeys: ['tenant_admin', 'provider_admin'],
  revokeApiKey: ['tenant_admin', 'provider_admin'],
  listProviderTickets: ['provider_agent', 'provider_admin'],
  // Billing: finance roles only; the scope (own tenant, provider's book, platform) comes from the principal.
  getBillingUsage: ['finance', 'provider_finance', 'platform_finance'],
  closeBillingPeriod: ['finance', 'provider_finance', 'platform_finance'],
  listBillingStatements: ['finance', 'provider_finance', 'platform_finance'],
  getBillingExport: ['finance', 'provider_finance', 'platform_finance'],
  // SLA engine (issue #5)
  putSlaCalendar: ['tenant_admin'],
  listSlaCalendars: ['agent', 'tenant_admin', 'delegated_admin'],
  putSlaPolicy: ['tenant_admin'],
  listSlaPolicies: ['agent', 'tenant_admin', 'delegated_admin'],
  getTicketSla: ['agent', 'tenant_admin'],
  recomputeTicketSla: ['tenant_admin'],
  getSlaReport: ['agent', 'tenant_admin'],
  // Routing's directory (#4): an agent sets their own availability, an admin anyone's
  setAgentAvailability: ['provider_agent', 'provider_admin'],
  // Provider actions on tenant tickets (#4): an engaged provider's agents, within the engagement's scope
  transitionProviderTicket: ['provider_agent', 'provider_admin'],
  commentOnProviderTicket: ['provider_agent', 'provider_admin'],
  // Per-provider SLA report (#5)
  getProviderSlaReport: ['provider_admin'],
  // Billing meters (#6): agents log time; agents and admins read it (never requesters)
  // Billing meters (#6): tenant admins define the catalogue; everyone in the tenant reads it
  putCatalogueItem: ['tenant_admin'],
  listCatalogue: ['requester', 'agent', 'tenant_admin', 'delegated_admin'],
  // Billing meters (#6): whoever may attach may complete the upload
  // Billing (#6): price books by reference — platform finance any provider's, provider finance its own
  putBillingPriceBook: ['provider_finance', 'platform_finance'],
  // Provider agents log time on tenant tickets (#6): an engaged provider's agents, within the engagement's scope
  logProviderTicketTime: ['provider_agent', 'provider_admin'],
  // SLA breach action notify (#5): a provider user reads their own inbox
  listProviderNotifications: ['provider_agent', 'provider_admin'],
  // Routing (#4): transfer to another team
  transferTicket: ['agent', 'tenant_admin'],
  // Platform (#3): provider organisations
  onboardProvider: ['platform_admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Operation id → the roles that may call it. */
export type PermissionTable = Readonly<Record<string, readonly Role[]>>;

/** Whether any of `roles` may call `operation` according to `table` (unknown operations: no). */
export const mayPerformIn = (table: PermissionTable, roles: readonly Role[], operation: string): boolean => {
  const allowed = Object.hasOwn(table, operation) ? table[operation] : undefined;
  return allowed !== undefined && roles.some((role) => allowed.includes(role));
};

export type ProtectedOperation = keyof typeof permissionTable;

export const isProtectedOperation = (operation: string): operation is ProtectedOperation =>
  Object.hasOwn(permissionTable, operation);

export const rolesAllowedFor = (operation: ProtectedOperation): readonly Role[] => permissionTable[operation];

export const mayPerform = (roles: readonly Role[], operation: ProtectedOperation): boolean => {
  const allowed: readonly Role[] = permissionTable[operation];
  return roles.some((role) => allowed.includes(role));
};
