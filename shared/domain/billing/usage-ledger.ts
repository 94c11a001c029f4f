/**
 * The ports of the billing context: where counted usage and frozen statements live. The
 * DynamoDB adapters implement them with tenant-scoped credentials; tests and the benchmark use
 * in-memory ones.
 */
import type { Statement, UsageCounter } from './statement.ts';
import type { BillingPeriod, UsageFact } from './usage-fact.ts';

export type RecordOutcome =
  | { readonly outcome: 'counted'; readonly period: BillingPeriod; readonly correction: boolean }
  | { readonly outcome: 'duplicate' };

export interface UsageLedger {
  /**
   * Counts a fact exactly once: in the period of its instant when that period is open for the
   * engagement, otherwise as a correction in the next open period. A fact already counted
   * (same tenant and factId) changes nothing.
   */
  record(fact: UsageFact): Promise<RecordOutcome>;
  /** The counters of one tenant × engagement × period (regular and corrections), read consistently. */
  counters(tenantId: string, engagementId: string, period: BillingPeriod): Promise<readonly UsageCounter[]>;
  /**
   * Marks the period closed for the engagement (idempotent) and returns the instant it was
   * first closed: once this returns, no fact can be counted in that period any more.
   */
  closePeriod(tenantId: string, engagementId: string, period: BillingPeriod, now: string): Promise<string>;
}

export interface StatementStore {
  get(tenantId: string, period: BillingPeriod, engagementId: string): Promise<Statement | undefined>;
  /** Stores a statement unless one exists; returns whichever is stored (first writer wins). */
  freeze(statement: Statement): Promise<Statement>;
  listForTenant(tenantId: string, period?: BillingPeriod): Promise<readonly Statement[]>;
}
