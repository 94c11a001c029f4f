/**
 * Every operation's contract by operation id (the manifest's `operation`). The OpenAPI
 * document is generated from this map and the manifest's routes.
 */
import {
  closeBillingPeriodOperation,
  getBillingExportOperation,
  getBillingUsageOperation,
  listBillingStatementsOperation,
} from './billing.ts';
import { listMyNotificationsOperation } from './notifications.ts';
import type { OperationContract } from './operation-contract.ts';
import { createTicketOperation, getTicketOperation, listTicketsOperation } from './tickets.ts';

export const operationContracts: Readonly<Record<string, OperationContract>> = {
  createTicket: createTicketOperation,
  getTicket: getTicketOperation,
  listTickets: listTicketsOperation,
  listMyNotifications: listMyNotificationsOperation,
  // Billing
  getBillingUsage: getBillingUsageOperation,
  closeBillingPeriod: closeBillingPeriodOperation,
  listBillingStatements: listBillingStatementsOperation,
  getBillingExport: getBillingExportOperation,
};
