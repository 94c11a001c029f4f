/**
 * The rated statement of one tenant × engagement × period: a line per meter (quantity, unit
 * price, amount), correction lines for late usage of earlier closed periods, the commitment
 * shortfall, and the total. Built once at period close and frozen: nothing here reads a clock.
 */
import type { EngagementTerms } from './engagement-terms.ts';
import { isMeterId, type MeterId, meterIds } from './meters.ts';
import { BillingDecimal as Dec, formatAmount, formatDecimal, roundAtLine } from './money.ts';
import { priceOf, rateQuantity } from './price-book.ts';
import type { BillingPeriod } from './usage-fact.ts';

/** A counter as the usage ledger holds it at close time. */
export interface UsageCounter {
  readonly meter: MeterId;
  readonly dimension: string;
  readonly quantity: string;
  /** Set on adjustments: the closed period the late usage happened in. */
  readonly correctsPeriod: BillingPeriod | null;
}

export type ChargeClass = 'Regular' | 'Correction';

export interface StatementLine {
  readonly meter: MeterId;
  readonly chargeClass: ChargeClass;
  readonly correctsPeriod: BillingPeriod | null;
  readonly consumedQuantity: string;
  readonly includedQuantity: string;
  readonly billableQuantity: string;
  readonly listUnitPrice: string;
  /** Amount ÷ billable quantity, 6 decimals half-even (informational; the amount is authoritative). */
  readonly effectiveUnitPrice: string;
  readonly amount: string;
}

export interface Statement {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly engagementId: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly period: BillingPeriod;
  readonly currency: string;
  readonly priceBookId: string;
  readonly closedAt: string;
  readonly lines: readonly StatementLine[];
  readonly commitmentShortfall: string;
  readonly regularTotal: string;
  readonly correctionsTotal: string;
  readonly total: string;
}

/** Quantity of an origin period already billed, per meter: the base a correction is rated on top of. */
export type BilledQuantities = (correctsPeriod: BillingPeriod, meter: MeterId) => string;

const sumByMeter = (counters: readonly UsageCounter[]): Map<MeterId, InstanceType<typeof Dec>> => {
  const sums = new Map<MeterId, InstanceType<typeof Dec>>();
  for (const counter of counters) {
    sums.set(counter.meter, (sums.get(counter.meter) ?? new Dec(0)).plus(counter.quantity));
  }
  return sums;
};

export const rateStatement = (input: {
  readonly engagement: EngagementTerms;
  readonly period: BillingPeriod;
  readonly closedAt: string;
  readonly counters: readonly UsageCounter[];
  readonly billedInOriginPeriod: BilledQuantities;
}): Statement => {
  const { engagement, period } = input;
  const book = engagement.priceBook;
  const currency = book.currency;
  const lines: StatementLine[] = [];
  const effectivePrice = (amount: InstanceType<typeof Dec>, billable: InstanceType<typeof Dec>) =>
    billable.isZero()
      ? '0'
      : formatDecimal(amount.dividedBy(billable).toDecimalPlaces(6, Dec.ROUND_HALF_EVEN));

  const regular = sumByMeter(input.counters.filter((counter) => counter.correctsPeriod === null));
  for (const meter of meterIds) {
    const quantity = regular.get(meter);
    const price = priceOf(book, meter);
    if (quantity === undefined || price === undefined) continue;
    const rated = rateQuantity(quantity, price, currency);
    lines.push({
      meter,
      chargeClass: 'Regular',
      correctsPeriod: null,
      consumedQuantity: formatDecimal(rated.consumedQuantity),
      includedQuantity: formatDecimal(rated.includedQuantity),
      billableQuantity: formatDecimal(rated.billableQuantity),
      listUnitPrice: formatDecimal(rated.listUnitPrice),
      effectiveUnitPrice: effectivePrice(rated.amount, rated.billableQuantity),
      amount: formatAmount(rated.amount, currency),
    });
  }

  const origins = [
    ...new Set(
      input.counters.flatMap((counter) => (counter.correctsPeriod === null ? [] : [counter.correctsPeriod])),
    ),
  ].sort();
  for (const origin of origins) {
    const late = sumByMeter(input.counters.filter((counter) => counter.correctsPeriod === origin));
    for (const meter of meterIds) {
      const quantity = late.get(meter);
      const price = priceOf(book, meter);
      if (quantity === undefined || price === undefined) continue;
      // A correction is priced as the difference it makes to the origin period's rating, so tiers
      // and the free tier are honoured as if the usage had arrived on time; rounded once.
      const base = new Dec(input.billedInOriginPeriod(origin, meter));
      const withLate = rateQuantity(base.plus(quantity), price, currency);
      const without = rateQuantity(base, price, currency);
      const amount = roundAtLine(withLate.exactAmount.minus(without.exactAmount), currency);
      const billable = withLate.billableQuantity.minus(without.billableQuantity);
      lines.push({
        meter,
        chargeClass: 'Correction',
        correctsPeriod: origin,
        consumedQuantity: formatDecimal(quantity),
        includedQuantity: formatDecimal(quantity.minus(billable)),
        billableQuantity: formatDecimal(billable),
        listUnitPrice: formatDecimal(withLate.listUnitPrice),
        effectiveUnitPrice: effectivePrice(amount, billable),
        amount: formatAmount(amount, currency),
      });
    }
  }

  const regularTotal = lines
    .filter((line) => line.chargeClass === 'Regular')
    .reduce((sum, line) => sum.plus(line.amount), new Dec(0));
  const correctionsTotal = lines
    .filter((line) => line.chargeClass === 'Correction')
    .reduce((sum, line) => sum.plus(line.amount), new Dec(0));
  const commitment = roundAtLine(new Dec(book.minimumMonthlyCommitment), currency);
  const shortfall = Dec.max(0, commitment.minus(regularTotal));
  return {
    tenantId: engagement.tenantId,
    tenantName: engagement.tenantName,
    engagementId: engagement.engagementId,
    providerId: engagement.providerId,
    providerName: engagement.providerName,
    period,
    currency,
    priceBookId: book.priceBookId,
    closedAt: input.closedAt,
    lines,
    commitmentShortfall: formatAmount(shortfall, currency),
    regularTotal: formatAmount(regularTotal, currency),
    correctionsTotal: formatAmount(correctionsTotal, currency),
    total: formatAmount(regularTotal.plus(shortfall).plus(correctionsTotal), currency),
  };
};

/** The consumed quantity a frozen statement billed for a meter (Regular lines only). */
export const billedQuantityOf = (statement: Statement | undefined, meter: string): string =>
  statement?.lines.find((line) => line.chargeClass === 'Regular' && line.meter === meter && isMeterId(meter))
    ?.consumedQuantity ?? '0';
