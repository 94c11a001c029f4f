/**
 * The tenant's audit log: append-only records of who did what to the tenant's configuration
 * or data — admin changes, engagement changes, provider reads of tickets, API key use.
 */
import type { Page, PageRequest } from '../shared/ports.ts';
import type { Principal } from './principal.ts';

export const auditActions = [
  'tenant.onboarded',
  'tenant.suspended',
  'tenant.reactivated',
  'identity_provider.registered',
  'engagement.created',
  'engagement.status_changed',
  'provider.ticket_read',
  'provider.tickets_listed',
  'api_key.created',
  'api_key.revoked',
  'api_key.used',
  // routing's directory (#4)
  'provider.agent_availability_changed',
  // Provider actions on tenant tickets (#4)
  'provider.ticket_transitioned',
  'provider.ticket_commented',
  // Provider agents log time on tenant tickets (#6)
  'provider.ticket_time_logged',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditActor {
  readonly kind: Principal['kind'];
  readonly userId: string;
  /** The provider or tenant the actor belongs to, when not the audited tenant itself. */
  readonly organisationId: string | null;
  readonly credential: Principal['credential'];
}

export interface AuditEntry {
  readonly entryId: string;
  readonly tenantId: string;
  readonly occurredAt: string;
  readonly action: AuditAction;
  readonly actor: AuditActor;
  /** What was acted on: `ticket/T-1`, `engagement/01H…`. */
  readonly target: string;
  readonly details: Readonly<Record<string, string>>;
}

export interface AuditFilter {
  readonly actorUserId?: string | undefined;
  readonly action?: AuditAction | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(tenantId: string, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>>;
}

export const actorOf = (principal: Principal): AuditActor => ({
  kind: principal.kind,
  userId: principal.userId,
  organisationId:
    principal.kind === 'provider'
      ? principal.providerId
      : principal.kind === 'tenant'
        ? principal.tenantId
        : null,
  credential: principal.credential,
});
