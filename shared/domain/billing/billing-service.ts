/**
 * The billing use cases: count usage, show live usage, close a period into frozen statements,
 * list statements and a provider's client mix — for a finance scope (a tenant, a provider's
 * book, or the platform). Pure orchestration over the ports; the clock is injected.
 */
import { PreconditionFailed } from '../errors.ts';
import type { Clock } from '../shared/ports.ts';
import {
  type EngagementTerms,
  type EngagementTermsDirectory,
  selectCoveringEngagement,
} from './engagement-terms.ts';
import { BillingDecimal as Dec } from './money.ts';
import { priceOf } from './price-book.ts';
import { billedQuantityOf, rateStatement, type Statement, type UsageCounter } from './statement.ts';
import { gbMonthsForWholeMonth, type StorageInventory } from './storage-usage.ts';
import { type BillingPeriod, periodEnd, periodOf, periodStart, type UsageObservation } from './usage-fact.ts';
import type { RecordOutcome, StatementStore, UsageLedger } from './usage-ledger.ts';

/** Whose books a finance user acts on; derived from the principal, never from the request. */
export type FinanceScope =
  | { readonly kind: 'tenant'; readonly tenantId: string }
  | { readonly kind: 'provider'; readonly providerId: string }
  | { readonly kind: 'platform' };

export interface ClientShare {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly currency: string;
  readonly billed: string;
  /** Share of the provider's billed total in that currency, 4 decimals. */
  readonly share: string;
  readonly role: 'primary' | 'secondary';
}

export class BillingService {
  readonly #engagements: EngagementTermsDirectory;
  readonly #ledger: UsageLedger;
  readonly #statements: StatementStore;
  readonly #clock: Clock;
  readonly #storage: StorageInventory | undefined;

  constructor(deps: {
    engagements: EngagementTermsDirectory;
    ledger: UsageLedger;
    statements: StatementStore;
    clock: Clock;
    /** Billing meters (#6): stored objects, for the storage carried into each month. */
    storage?: StorageInventory;
  }) {
    this.#engagements = deps.engagements;
    this.#ledger = deps.ledger;
    this.#statements = deps.statements;
    this.#clock = deps.clock;
    this.#storage = deps.storage;
  }

  /** Billing meters (#6): an object now stored counts, from the next month on, as carried storage. */
  async recordStoredObject(
    tenantId: string,
    objectId: string,
    bytes: number,
    storedAt: string,
  ): Promise<void> {
    await this.#storage?.add(tenantId, objectId, bytes, storedAt);
  }

  /**
   * The storage carried into a period (objects stored before it began, a whole month each),
   * billed by the engagement covering storage at the period's start; none for other engagements.
   */
  async #carriedStorage(engagement: EngagementTerms, period: BillingPeriod): Promise<UsageCounter[]> {
    if (this.#storage === undefined || priceOf(engagement.priceBook, 'storage.gb_month') === undefined)
      return [];
    const start = periodStart(period);
    const covering = selectCoveringEngagement(
      await this.#engagements.forTenant(engagement.tenantId),
      engagement.tenantId,
      'storage.gb_month',
      start,
    );
    if (covering?.engagementId !== engagement.engagementId) return [];
    const bytes = await this.#storage.bytesStoredBefore(engagement.tenantId, start);
    if (bytes === 0) return [];
    return [
      {
        meter: 'storage.gb_month',
        dimension: 'carried',
        quantity: gbMonthsForWholeMonth(bytes),
        correctsPeriod: null,
      },
    ];
  }

  /** Counts one observation against the engagement that covers it (precedence), exactly once. */
  async record(observation: UsageObservation): Promise<RecordOutcome | { readonly outcome: 'uncovered' }> {
    const engagements = await this.#engagements.forTenant(observation.tenantId);
    const { attributedTo } = observation;
    const candidates =
      attributedTo === undefined
        ? engagements
        : engagements.filter((terms) => terms.providerId === attributedTo);
    const engagement = selectCoveringEngagement(
      candidates,
      observation.tenantId,
      observation.meter,
      observation.occurredAt,
    );
    if (engagement === undefined) return { outcome: 'uncovered' };
    return this.#ledger.record({
      ...observation,
      engagementId: engagement.engagementId,
      providerId: engagement.providerId,
    });
  }

  async engagementsOf(scope: FinanceScope, tenantId?: string): Promise<readonly EngagementTerms[]> {
    const all =
      scope.kind === 'tenant'
        ? await this.#engagements.forTenant(scope.tenantId)
        : scope.kind === 'provider'
          ? await this.#engagements.forProvider(scope.providerId)
          : await this.#engagements.all();
    const filtered = tenantId === undefined ? all : all.filter((terms) => terms.tenantId === tenantId);
    return [...filtered].sort((left, right) =>
      `${left.tenantId}#${left.engagementId}` < `${right.tenantId}#${right.engagementId}` ? -1 : 1,
    );
  }

  /** Live (not frozen) rating of a period's counters; a closed period shows its frozen statement. */
  async liveUsage(scope: FinanceScope, period: BillingPeriod, tenantId?: string) {
    const result = [];
    for (const engagement of await this.engagementsOf(scope, tenantId)) {
      const frozen = await this.#statements.get(engagement.tenantId, period, engagement.engagementId);
      if (frozen !== undefined) {
        result.push({ status: 'closed' as const, statement: frozen });
        continue;
      }
      result.push({ status: 'open' as const, statement: await this.#rate(engagement, period, '') });
    }
    return result;
  }

  /** Closes a period for every engagement in scope; idempotent: a closed one returns its frozen statement. */
  async closePeriod(
    scope: FinanceScope,
    period: BillingPeriod,
    tenantId?: string,
  ): Promise<readonly Statement[]> {
    const now = this.#clock.now();
    if (Date.parse(periodEnd(period)) > now.getTime()) {
      throw new PreconditionFailed(
        `Period ${period} has not ended yet; it can be closed from ${periodEnd(period)}`,
      );
    }
    // A scope without engagements has nothing to close: an empty answer, not an error.
    const engagements = await this.engagementsOf(scope, tenantId);
    const statements: Statement[] = [];
    for (const engagement of engagements) {
      const closedAt = await this.#ledger.closePeriod(
        engagement.tenantId,
        engagement.engagementId,
        period,
        now.toISOString(),
      );
      const existing = await this.#statements.get(engagement.tenantId, period, engagement.engagementId);
      statements.push(
        existing ?? (await this.#statements.freeze(await this.#rate(engagement, period, closedAt))),
      );
    }
    return statements;
  }

  async statements(
    scope: FinanceScope,
    period?: BillingPeriod,
    tenantId?: string,
  ): Promise<readonly Statement[]> {
    const engagements = await this.engagementsOf(scope, tenantId);
    const byTenant = new Map<string, Set<string>>();
    for (const terms of engagements) {
      byTenant.set(terms.tenantId, (byTenant.get(terms.tenantId) ?? new Set()).add(terms.engagementId));
    }
    const result: Statement[] = [];
    for (const [tenant, ids] of [...byTenant].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const statement of await this.#statements.listForTenant(tenant, period)) {
        if (ids.has(statement.engagementId)) result.push(statement);
      }
    }
    return result;
  }

  /** The period every statement is closed in, for exports: all of the scope's statements, or none. */
  async closedStatements(scope: FinanceScope, period: BillingPeriod, tenantId?: string) {
    const engagements = await this.engagementsOf(scope, tenantId);
    const statements = await this.statements(scope, period, tenantId);
    if (engagements.length === 0 || statements.length < engagements.length) {
      throw new PreconditionFailed(`Period ${period} is not closed for every engagement in scope`);
    }
    return statements;
  }

  currentPeriod(): BillingPeriod {
    return periodOf(this.#clock.now().toISOString());
  }

  async #rate(engagement: EngagementTerms, period: BillingPeriod, closedAt: string): Promise<Statement> {
    const counters = [
      ...(await this.#ledger.counters(engagement.tenantId, engagement.engagementId, period)),
      ...(await this.#carriedStorage(engagement, period)),
    ];
    const origins = new Map<string, Statement | undefined>();
    for (const counter of counters) {
      if (counter.correctsPeriod !== null && !origins.has(counter.correctsPeriod)) {
        origins.set(
          counter.correctsPeriod,
          await this.#statements.get(engagement.tenantId, counter.correctsPeriod, engagement.engagementId),
        );
      }
    }
    return rateStatement({
      engagement,
      period,
      closedAt,
      counters,
      billedInOriginPeriod: (origin, meter) => billedQuantityOf(origins.get(origin), meter),
    });
  }
}

/**
 * A provider's client mix in a period: each client's share of the provider's billed total (per
 * currency). The client with the largest share is primary; the others are secondary.
 */
export const clientMixOf = (statements: readonly Statement[]): ClientShare[] => {
  const byClient = new Map<
    string,
    { tenantName: string; currency: string; billed: InstanceType<typeof Dec> }
  >();
  for (const statement of statements) {
    const key = `${statement.currency}#${statement.tenantId}`;
    const entry = byClient.get(key) ?? {
      tenantName: statement.tenantName,
      currency: statement.currency,
      billed: new Dec(0),
    };
    entry.billed = entry.billed.plus(statement.total);
    byClient.set(key, entry);
  }
  const totals = new Map<string, InstanceType<typeof Dec>>();
  for (const entry of byClient.values()) {
    totals.set(entry.currency, (totals.get(entry.currency) ?? new Dec(0)).plus(entry.billed));
  }
  const shares = [...byClient].map(([key, entry]) => {
    const total = totals.get(entry.currency) ?? new Dec(0);
    return {
      tenantId: key.slice(entry.currency.length + 1),
      tenantName: entry.tenantName,
      currency: entry.currency,
      billed: entry.billed.toFixed(2),
      shareValue: total.isZero() ? new Dec(0) : entry.billed.dividedBy(total),
    };
  });
  shares.sort((a, b) => b.shareValue.comparedTo(a.shareValue) || (a.tenantId < b.tenantId ? -1 : 1));
  const primaryOf = new Set<string>();
  return shares.map((share) => {
    const role = primaryOf.has(share.currency) ? ('secondary' as const) : ('primary' as const);
    primaryOf.add(share.currency);
    return {
      tenantId: share.tenantId,
      tenantName: share.tenantName,
      currency: share.currency,
      billed: share.billed,
      share: share.shareValue.toDecimalPlaces(4, Dec.ROUND_HALF_EVEN).toFixed(4),
      role,
    };
  });
};
