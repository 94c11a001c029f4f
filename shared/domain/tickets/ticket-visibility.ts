/**
 * Object-level visibility of tickets inside a tenant: requesters see their own, the tenant's
 * agents and admins see every ticket of the tenant.
 */
import { hasRole, type TenantPrincipal } from '../tenancy/principal.ts';
import type { Ticket } from './ticket.ts';

export const seesWholeTenantQueue = (principal: TenantPrincipal): boolean =>
  hasRole(principal, 'agent', 'tenant_admin', 'delegated_admin');

export const maySeeTicket = (principal: TenantPrincipal, ticket: Ticket): boolean =>
  ticket.tenantId === principal.tenantId &&
  (seesWholeTenantQueue(principal) || ticket.requesterId === principal.userId);
