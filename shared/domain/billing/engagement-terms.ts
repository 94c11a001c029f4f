/**
 * What billing needs to know of an engagement, and the precedence rule that picks ONE
 * engagement when several of a tenant's engagements could cover the same usage.
 *
 * Precedence (documented in docs/billing.md), applied in order until one candidate remains:
 * 1. only engagements active at the instant the work happened (`validFrom <= instant < validTo`)
 *    whose price book prices the meter are candidates;
 * 2. the lowest `precedence` number wins (set per engagement by finance; 1 = primary);
 * 3. then the engagement that started most recently (a newer contract supersedes an older one);
 * 4. then the smallest engagement id (byte order) — arbitrary but the same every time.
 */
import type { MeterId } from './meters.ts';
import { type PriceBook, priceOf } from './price-book.ts';

export interface EngagementTerms {
  readonly engagementId: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly providerId: string;
  readonly providerName: string;
  /** ISO instant the engagement starts covering usage (inclusive). */
  readonly validFrom: string;
  /** ISO instant it stops (exclusive); null = open-ended. */
  readonly validTo: string | null;
  /** Lower wins when several engagements could cover the same usage. */
  readonly precedence: number;
  readonly priceBook: PriceBook;
}

/** The port billing reads engagements through; #3's engagement directory can implement it. */
export interface EngagementTermsDirectory {
  /** Every engagement of a tenant (active or not). */
  forTenant(tenantId: string): Promise<readonly EngagementTerms[]>;
  /** Every engagement of a provider's book. */
  forProvider(providerId: string): Promise<readonly EngagementTerms[]>;
  /** Every engagement (platform finance). */
  all(): Promise<readonly EngagementTerms[]>;
}

const isActiveAt = (terms: EngagementTerms, instant: string): boolean => {
  const at = Date.parse(instant);
  return Date.parse(terms.validFrom) <= at && (terms.validTo === null || at < Date.parse(terms.validTo));
};

const byPrecedence = (left: EngagementTerms, right: EngagementTerms): number => {
  if (left.precedence !== right.precedence) return left.precedence - right.precedence;
  const started = Date.parse(right.validFrom) - Date.parse(left.validFrom);
  if (started !== 0) return started;
  if (left.engagementId === right.engagementId) return 0;
  return left.engagementId < right.engagementId ? -1 : 1;
};

/** The engagement that bills a tenant's usage of a meter at an instant, or undefined if none covers it. */
export const selectCoveringEngagement = (
  engagements: readonly EngagementTerms[],
  tenantId: string,
  meter: MeterId,
  instant: string,
): EngagementTerms | undefined =>
  engagements
    .filter(
      (terms) =>
        terms.tenantId === tenantId &&
        isActiveAt(terms, instant) &&
        priceOf(terms.priceBook, meter) !== undefined,
    )
    .sort(byPrecedence)[0];
