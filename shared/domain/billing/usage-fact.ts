/**
 * Usage facts: one unit of billable work — who (tenant), for which engagement/provider, which
 * meter (and dimension: ticket type, API key…), how much, WHEN it happened, and a unique id that
 * makes counting it idempotent. Facts are derived from domain events by pure functions.
 */
import type { MeterId } from './meters.ts';

export interface UsageObservation {
  /** Unique and stable across redeliveries: derived from the event id. */
  readonly factId: string;
  readonly tenantId: string;
  readonly meter: MeterId;
  /** Breakdown inside the meter (ticket type, API key id); '-' when the meter has none. */
  readonly dimension: string;
  /** Decimal string: minutes and GB-months are fractional. */
  readonly quantity: string;
  /** When the work happened (billing instant), not when it was recorded. */
  readonly occurredAt: string;
  /**
   * The provider whose work this is (a provider agent's minutes): only that provider's
   * engagements may bill it. Absent: every engagement of the tenant competes by precedence.
   */
  readonly attributedTo?: string;
}

export interface UsageFact extends UsageObservation {
  readonly engagementId: string;
  readonly providerId: string;
}

/** A billing period: a UTC calendar month, written `YYYY-MM`. */
export type BillingPeriod = string;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const periodOf = (instant: string): BillingPeriod => new Date(instant).toISOString().slice(0, 7);

export const periodStart = (period: BillingPeriod): string => `${period}-01T00:00:00.000Z`;

export const nextPeriod = (period: BillingPeriod): BillingPeriod => {
  const [year, month] = period.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, month ?? 1, 1));
  return date.toISOString().slice(0, 7);
};

export const previousPeriod = (period: BillingPeriod): BillingPeriod => {
  const [year, month] = period.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 2, 1));
  return date.toISOString().slice(0, 7);
};

/** Exclusive end of the period (the first instant of the next one). */
export const periodEnd = (period: BillingPeriod): string => periodStart(nextPeriod(period));
