/**
 * Engagements: a tenant engages a provider (outsourced or its own in-house department) for a
 * scope of services and categories, under an SLA policy, a calendar and a price book, between
 * two dates. Only an active engagement in force lets the provider's users near the tenant's
 * tickets, and only those its scope covers. Pure: the clock is a parameter.
 */
import { Conflict, ValidationFailed } from '../errors.ts';

export const engagementStatuses = ['active', 'suspended', 'ended'] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

export interface EngagementScope {
  /** Services covered; empty means every service. */
  readonly services: readonly string[];
  /** Categories covered; empty means every category. */
  readonly categories: readonly string[];
}

export interface Engagement {
  readonly engagementId: string;
  readonly tenantId: string;
  readonly providerId: string;
  readonly scope: EngagementScope;
  readonly slaPolicyRef: string;
  readonly calendarRef: string;
  readonly priceBookRef: string;
  /** ISO dates-times; `endsAt` null means open-ended. */
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly status: EngagementStatus;
  readonly updatedAt: string;
  /**
   * Billing (#6): when several of a tenant's engagements could bill the same usage, the lowest
   * precedence wins (docs/billing.md); absent = 1.
   */
  readonly precedence?: number | undefined;
}

/** In force at `at`: active, started, not yet over. */
export const isEngagementInForce = (engagement: Engagement, at: Date): boolean => {
  const time = at.getTime();
  return (
    engagement.status === 'active' &&
    Date.parse(engagement.startsAt) <= time &&
    (engagement.endsAt === null || time < Date.parse(engagement.endsAt))
  );
};

/** What a provider wants to touch: a ticket's service and category (null when not set). */
export interface ScopedSubject {
  readonly service: string | null;
  readonly category: string | null;
}

const listCovers = (allowed: readonly string[], value: string | null): boolean =>
  allowed.length === 0 || (value !== null && allowed.includes(value));

/** Whether the engagement lets its provider see this subject at `at`. */
export const engagementCovers = (engagement: Engagement, subject: ScopedSubject, at: Date): boolean =>
  isEngagementInForce(engagement, at) &&
  listCovers(engagement.scope.services, subject.service) &&
  listCovers(engagement.scope.categories, subject.category);

/** Ended is final: a tenant that wants the provider back signs a new engagement. */
export const changeEngagementStatus = (
  engagement: Engagement,
  status: EngagementStatus,
  at: Date,
): Engagement => {
  if (engagement.status === 'ended') {
    throw new Conflict(`Engagement ${engagement.engagementId} has ended and cannot change`);
  }
  return {
    ...engagement,
    status,
    // Ending early shortens the period too, so the record tells when access stopped.
    ...(status === 'ended' && (engagement.endsAt === null || Date.parse(engagement.endsAt) > at.getTime())
      ? { endsAt: at.toISOString() }
      : {}),
    updatedAt: at.toISOString(),
  };
};

export interface EngageProviderInput {
  readonly providerId: string;
  readonly scope: EngagementScope;
  readonly slaPolicyRef: string;
  readonly calendarRef: string;
  readonly priceBookRef: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  /** Billing (#6): see `Engagement.precedence`. */
  readonly precedence?: number | undefined;
}

export const engageProvider = (
  tenantId: string,
  input: EngageProviderInput,
  context: { readonly engagementId: string; readonly now: Date },
): Engagement => {
  if (input.endsAt !== null && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    throw new ValidationFailed('The engagement must end after it starts', [
      { location: 'body.endsAt', message: 'must be later than startsAt' },
    ]);
  }
  return {
    engagementId: context.engagementId,
    tenantId,
    ...input,
    status: 'active',
    updatedAt: context.now.toISOString(),
  };
};

/**
 * The port other contexts use to ask who may work for whom. `at` is explicit so callers
 * decide with the same clock they use for everything else in the request.
 */
export interface EngagementDirectory {
  activeEngagementsOfProvider(providerId: string, at: Date): Promise<readonly Engagement[]>;
  activeEngagementsOfTenant(tenantId: string, at: Date): Promise<readonly Engagement[]>;
}
