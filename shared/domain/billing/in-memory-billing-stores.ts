/**
 * In-memory usage ledger and statement store with the same semantics as the DynamoDB ones
 * (dedup by fact id, closed periods refuse counts, late facts become corrections in the next
 * open period). The pure aggregation core the benchmark measures, and the stores of unit tests.
 */

import { isMeterId } from './meters.ts';
import { BillingDecimal as Dec, formatDecimal } from './money.ts';
import type { Statement, UsageCounter } from './statement.ts';
import { type BillingPeriod, nextPeriod, periodOf, type UsageFact } from './usage-fact.ts';
import type { RecordOutcome, StatementStore, UsageLedger } from './usage-ledger.ts';

const SEPARATOR = '\u0000';

export class InMemoryUsageLedger implements UsageLedger {
  readonly #facts = new Set<string>();
  readonly #closed = new Map<string, string>();
  /** tenant → period → counter key → quantity */
  readonly #counters = new Map<string, Map<string, InstanceType<typeof Dec>>>();

  get countedFacts(): number {
    return this.#facts.size;
  }

  async record(fact: UsageFact): Promise<RecordOutcome> {
    return this.recordNow(fact);
  }

  /** Synchronous form of `record` (the benchmark's hot loop avoids a promise per fact). */
  recordNow(fact: UsageFact): RecordOutcome {
    const factKey = `${fact.tenantId}${SEPARATOR}${fact.factId}`;
    if (this.#facts.has(factKey)) return { outcome: 'duplicate' };
    const usagePeriod = periodOf(fact.occurredAt);
    let period = usagePeriod;
    while (this.#closed.has(`${fact.tenantId}${SEPARATOR}${period}${SEPARATOR}${fact.engagementId}`)) {
      period = nextPeriod(period);
    }
    const origin = period === usagePeriod ? '-' : usagePeriod;
    const partitionKey = `${fact.tenantId}${SEPARATOR}${period}`;
    let partition = this.#counters.get(partitionKey);
    if (partition === undefined) {
      partition = new Map();
      this.#counters.set(partitionKey, partition);
    }
    const counterKey = [fact.engagementId, fact.meter, fact.dimension, origin].join(SEPARATOR);
    partition.set(counterKey, (partition.get(counterKey) ?? new Dec(0)).plus(fact.quantity));
    this.#facts.add(factKey);
    return { outcome: 'counted', period, correction: origin !== '-' };
  }

  async counters(
    tenantId: string,
    engagementId: string,
    period: BillingPeriod,
  ): Promise<readonly UsageCounter[]> {
    const partition = this.#counters.get(`${tenantId}${SEPARATOR}${period}`) ?? new Map();
    const counters: UsageCounter[] = [];
    for (const [key, quantity] of partition) {
      const [engagement, meter, dimension, origin] = key.split(SEPARATOR);
      if (engagement !== engagementId || meter === undefined || !isMeterId(meter)) continue;
      counters.push({
        meter,
        dimension: dimension ?? '-',
        quantity: formatDecimal(quantity),
        correctsPeriod: origin === undefined || origin === '-' ? null : origin,
      });
    }
    return counters;
  }

  async closePeriod(
    tenantId: string,
    engagementId: string,
    period: BillingPeriod,
    now: string,
  ): Promise<string> {
    const key = `${tenantId}${SEPARATOR}${period}${SEPARATOR}${engagementId}`;
    const existing = this.#closed.get(key);
    if (existing !== undefined) return existing;
    this.#closed.set(key, now);
    return now;
  }
}

export class InMemoryStatementStore implements StatementStore {
  readonly #statements = new Map<string, Statement>();

  async get(tenantId: string, period: BillingPeriod, engagementId: string) {
    return this.#statements.get(`${tenantId}#${period}#${engagementId}`);
  }

  async freeze(statement: Statement) {
    const key = `${statement.tenantId}#${statement.period}#${statement.engagementId}`;
    const existing = this.#statements.get(key);
    if (existing !== undefined) return existing;
    this.#statements.set(key, statement);
    return statement;
  }

  async listForTenant(tenantId: string, period?: BillingPeriod) {
    return [...this.#statements.values()]
      .filter(
        (statement) =>
          statement.tenantId === tenantId && (period === undefined || statement.period === period),
      )
      .sort((a, b) => (`${a.period}#${a.engagementId}` < `${b.period}#${b.engagementId}` ? -1 : 1));
  }
}
