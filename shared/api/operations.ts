/**
 * Every operation's contract by operation id (the manifest's `operation`). The OpenAPI
 * document is generated from this map and the manifest's routes.
 */

import { completeAttachmentOperation } from './attachment-upload.ts';
import {
  closeBillingPeriodOperation,
  getBillingExportOperation,
  getBillingUsageOperation,
  listBillingStatementsOperation,
} from './billing.ts';
import { putPriceBookOperation } from './billing-price-books.ts';
import { listCatalogueOperation, putCatalogueItemOperation } from './catalogue.ts';
import { listMyNotificationsOperation } from './notifications.ts';
import type { OperationContract } from './operation-contract.ts';
import { listProviderNotificationsOperation } from './provider-notifications.ts';
import { providerQueueOperation } from './provider-queue.ts';
import {
  commentOnProviderTicketOperation,
  logProviderTicketTimeOperation,
  transitionProviderTicketOperation,
} from './provider-ticket-actions.ts';
import {
  dryRunRoutingOperation,
  getRoutingRulesOperation,
  getTicketRoutingOperation,
  putRoutingRulesOperation,
  reassignTicketOperation,
} from './routing.ts';
import {
  getTicketSlaOperation,
  listSlaCalendarsOperation,
  listSlaPoliciesOperation,
  putSlaCalendarOperation,
  putSlaPolicyOperation,
  recomputeTicketSlaOperation,
} from './sla.ts';
import { getProviderSlaReportOperation, getSlaReportOperation } from './sla-reports.ts';
import {
  addAgentOperation,
  addTeamOperation,
  changeEngagementStatusOperation,
  createApiKeyOperation,
  engageProviderOperation,
  getIdentityProviderOperation,
  getProviderDeskOperation,
  getProviderTicketOperation,
  getTenantOperation,
  listApiKeysOperation,
  listAuditEntriesOperation,
  listProviderEngagementsOperation,
  listProviderTicketsOperation,
  listTenantEngagementsOperation,
  onboardProviderOperation,
  onboardTenantOperation,
  reactivateTenantOperation,
  registerIdentityProviderOperation,
  revokeApiKeyOperation,
  setAgentAvailabilityOperation,
  suspendTenantOperation,
} from './tenancy.ts';
import {
  addTicketCommentOperation,
  declareAttachmentOperation,
  getAttachmentOperation,
  listAttachmentsOperation,
  listTicketCommentsOperation,
} from './ticket-conversation.ts';
import {
  linkTicketOperation,
  listTicketHistoryOperation,
  transitionTicketOperation,
} from './ticket-lifecycle.ts';
import { listTicketTimeEntriesOperation, logTicketTimeOperation } from './ticket-time-entries.ts';
import { transferTicketOperation } from './ticket-transfer.ts';
import { createTicketOperation, getTicketOperation, listTicketsOperation } from './tickets.ts';
import { getTriageRulesOperation, putTriageRulesOperation } from './triage.ts';

export const operationContracts: Readonly<Record<string, OperationContract>> = {
  createTicket: createTicketOperation,
  getTicket: getTicketOperation,
  listTickets: listTicketsOperation,
  listMyNotifications: listMyNotificationsOperation,
  // Lifecycle (#4)
  transitionTicket: transitionTicketOperation,
  listTicketHistory: listTicketHistoryOperation,
  // Conversation (#4)
  addTicketComment: addTicketCommentOperation,
  listTicketComments: listTicketCommentsOperation,
  declareTicketAttachment: declareAttachmentOperation,
  listTicketAttachments: listAttachmentsOperation,
  getTicketAttachment: getAttachmentOperation,
  // Triage (#4)
  getTriageRules: getTriageRulesOperation,
  putTriageRules: putTriageRulesOperation,
  linkTicket: linkTicketOperation,
  // Routing (#4)
  getRoutingRules: getRoutingRulesOperation,
  putRoutingRules: putRoutingRulesOperation,
  dryRunRouting: dryRunRoutingOperation,
  getTicketRouting: getTicketRoutingOperation,
  reassignTicket: reassignTicketOperation,
  // Provider queue (#4)
  listProviderQueue: providerQueueOperation,
  // --- tenancy ---
  onboardTenant: onboardTenantOperation,
  getPlatformTenant: getTenantOperation,
  suspendTenant: suspendTenantOperation,
  reactivateTenant: reactivateTenantOperation,
  registerIdentityProvider: registerIdentityProviderOperation,
  getIdentityProvider: getIdentityProviderOperation,
  engageProvider: engageProviderOperation,
  listTenantEngagements: listTenantEngagementsOperation,
  changeEngagementStatus: changeEngagementStatusOperation,
  listProviderEngagements: listProviderEngagementsOperation,
  getProviderDesk: getProviderDeskOperation,
  addProviderTeam: addTeamOperation,
  addProviderAgent: addAgentOperation,
  getProviderTicket: getProviderTicketOperation,
  listAuditEntries: listAuditEntriesOperation,
  createApiKey: createApiKeyOperation,
  listApiKeys: listApiKeysOperation,
  revokeApiKey: revokeApiKeyOperation,
  listProviderTickets: listProviderTicketsOperation,
  // Billing
  getBillingUsage: getBillingUsageOperation,
  closeBillingPeriod: closeBillingPeriodOperation,
  listBillingStatements: listBillingStatementsOperation,
  getBillingExport: getBillingExportOperation,
  // SLA engine (issue #5)
  putSlaCalendar: putSlaCalendarOperation,
  listSlaCalendars: listSlaCalendarsOperation,
  putSlaPolicy: putSlaPolicyOperation,
  listSlaPolicies: listSlaPoliciesOperation,
  getTicketSla: getTicketSlaOperation,
  recomputeTicketSla: recomputeTicketSlaOperation,
  getSlaReport: getSlaReportOperation,
  // Routing's directory (#4)
  setAgentAvailability: setAgentAvailabilityOperation,
  // Provider actions on tenant tickets (#4)
  transitionProviderTicket: transitionProviderTicketOperation,
  commentOnProviderTicket: commentOnProviderTicketOperation,
  // Per-provider SLA report (#5)
  getProviderSlaReport: getProviderSlaReportOperation,
  // Billing meters (#6): time entries on tickets
  logTicketTime: logTicketTimeOperation,
  listTicketTimeEntries: listTicketTimeEntriesOperation,
  // Billing meters (#6): the tenant service catalogue
  putCatalogueItem: putCatalogueItemOperation,
  listCatalogue: listCatalogueOperation,
  // Billing meters (#6): attachment upload completion
  completeTicketAttachment: completeAttachmentOperation,
  // Billing (#6): price books by reference
  putBillingPriceBook: putPriceBookOperation,
  // Provider agents log time on tenant tickets (#6)
  logProviderTicketTime: logProviderTicketTimeOperation,
  // SLA breach action notify (#5): the provider inbox
  listProviderNotifications: listProviderNotificationsOperation,
  // Routing (#4): transfer to another team
  transferTicket: transferTicketOperation,
  // Platform (#3): provider organisations
  onboardProvider: onboardProviderOperation,
};
