/**
 * Every operation's contract by operation id (the manifest's `operation`). The OpenAPI
 * document is generated from this map and the manifest's routes.
 */
import { listMyNotificationsOperation } from './notifications.ts';
import type { OperationContract } from './operation-contract.ts';
import { providerQueueOperation } from './provider-queue.ts';
import {
  dryRunRoutingOperation,
  getRoutingRulesOperation,
  getTicketRoutingOperation,
  putRoutingRulesOperation,
  reassignTicketOperation,
} from './routing.ts';
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
};
