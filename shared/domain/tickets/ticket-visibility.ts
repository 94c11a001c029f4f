/**
 * Object-level visibility of tickets inside a tenant: requesters see their own, the tenant's
 * agents and admins see every ticket of the tenant, and delegated admins act as staff on the
 * tickets of their delegation (the requester's site or department at intake) and see nothing
 * else but their own tickets.
 */
import { emptyDelegation, isWithinDelegation } from '../tenancy/delegation.ts';
import { hasRole, type TenantPrincipal } from '../tenancy/principal.ts';
import type { Ticket } from './ticket.ts';

/** Agents and full admins: every ticket of the tenant. */
export const seesWholeTenantQueue = (principal: TenantPrincipal): boolean =>
  hasRole(principal, 'agent', 'tenant_admin');

/** Staff on at least some tickets: tenant-wide staff, or a delegated admin on their delegation. */
export const isTicketStaff = (principal: TenantPrincipal): boolean =>
  seesWholeTenantQueue(principal) || hasRole(principal, 'delegated_admin');

/** Whether the caller handles this ticket as staff (internal notes, agents' moves), not as its requester. */
export const actsAsStaffOn = (principal: TenantPrincipal, ticket: Ticket): boolean =>
  ticket.tenantId === principal.tenantId &&
  (seesWholeTenantQueue(principal) ||
    (hasRole(principal, 'delegated_admin') &&
      isWithinDelegation(principal.delegation ?? emptyDelegation, ticket)));

export const maySeeTicket = (principal: TenantPrincipal, ticket: Ticket): boolean =>
  ticket.tenantId === principal.tenantId &&
  (actsAsStaffOn(principal, ticket) || ticket.requesterId === principal.userId);
