/**
 * Price books and rating: what an engagement charges per meter, and the amount of one meter's
 * quantity in a period.
 *
 * Order of operations for one meter (documented in docs/billing.md):
 * 1. the included quantity (free tier) is taken off the consumed quantity;
 * 2. the rest is priced — `flat` at one unit price; `graduated` band by band, each band at its
 *    own price; `volume` all of it at the price of the tier the billable quantity falls in;
 * 3. the amount is rounded ONCE, half-even, to the currency's minor unit (`roundAtLine`).
 * The minimum monthly commitment is applied to the statement, after all lines (see statement.ts).
 */
import { z } from 'zod';
import { isMeterId, type MeterId } from './meters.ts';
import {
  type BillingDecimal,
  type CurrencyCode,
  BillingDecimal as Dec,
  decimalOf,
  isCurrencyCode,
  roundAtLine,
} from './money.ts';

const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a non-negative decimal written as a string, e.g. "0.25"');

const tierSchema = z.object({
  /** Upper bound (inclusive) of the tier in billable units; null = no upper bound (last tier). */
  upTo: decimalString.nullable(),
  unitPrice: decimalString,
});

export const meterPriceSchema = z.discriminatedUnion('model', [
  z.object({
    model: z.literal('flat'),
    unitPrice: decimalString,
    includedQuantity: decimalString.default('0'),
  }),
  z.object({
    model: z.enum(['graduated', 'volume']),
    tiers: z.array(tierSchema).min(1),
    includedQuantity: decimalString.default('0'),
  }),
]);

export type MeterPrice = z.infer<typeof meterPriceSchema>;
export type PriceTier = z.infer<typeof tierSchema>;

export const priceBookSchema = z
  .object({
    priceBookId: z.string().min(1),
    currency: z.string().refine(isCurrencyCode, 'an ISO 4217 code Guichet supports'),
    /** Minimum billed per period for the engagement; a shortfall line tops the statement up. */
    minimumMonthlyCommitment: decimalString.default('0'),
    prices: z.record(z.string().refine(isMeterId, 'a known meter'), meterPriceSchema),
  })
  .superRefine((book, context) => {
    for (const [meter, price] of Object.entries(book.prices)) {
      if (price.model === 'flat') continue;
      const bounds = price.tiers.map((tier) => tier.upTo);
      const last = bounds.at(-1);
      if (last !== null)
        context.addIssue({ code: 'custom', message: `${meter}: the last tier must be unbounded` });
      for (let index = 0; index + 1 < bounds.length; index += 1) {
        const bound = bounds[index];
        const next = bounds[index + 1];
        if (bound === null || bound === undefined)
          context.addIssue({ code: 'custom', message: `${meter}: only the last tier may be unbounded` });
        else if (next !== null && next !== undefined && decimalOf(next).lte(decimalOf(bound)))
          context.addIssue({ code: 'custom', message: `${meter}: tier bounds must increase` });
      }
    }
  });

export type PriceBook = z.infer<typeof priceBookSchema> & { readonly currency: CurrencyCode };

/** Parses an untrusted price book (stored item, seed); tier bounds and currency are checked. */
export const parsePriceBook = (value: unknown): PriceBook => {
  const parsed = priceBookSchema.parse(value);
  if (!isCurrencyCode(parsed.currency)) throw new Error('unreachable: currency refined above');
  return { ...parsed, currency: parsed.currency };
};

export const priceOf = (book: PriceBook, meter: MeterId): MeterPrice | undefined =>
  Object.hasOwn(book.prices, meter) ? book.prices[meter] : undefined;

export interface RatedQuantity {
  readonly consumedQuantity: BillingDecimal;
  readonly includedQuantity: BillingDecimal;
  readonly billableQuantity: BillingDecimal;
  /** Unrounded amount (kept for the effective unit price and tests). */
  readonly exactAmount: BillingDecimal;
  /** The line amount: `exactAmount` rounded once, half-even, to the currency's minor unit. */
  readonly amount: BillingDecimal;
  /** The list unit price: the flat price, or the first tier's (what FOCUS calls ListUnitPrice). */
  readonly listUnitPrice: BillingDecimal;
}

const graduatedAmount = (billable: BillingDecimal, tiers: readonly PriceTier[]): BillingDecimal => {
  let remaining = billable;
  let lowerBound = new Dec(0);
  let amount = new Dec(0);
  for (const tier of tiers) {
    if (remaining.lte(0)) break;
    const width = tier.upTo === null ? remaining : Dec.min(remaining, decimalOf(tier.upTo).minus(lowerBound));
    amount = amount.plus(width.times(decimalOf(tier.unitPrice)));
    remaining = remaining.minus(width);
    if (tier.upTo !== null) lowerBound = decimalOf(tier.upTo);
  }
  return amount;
};

const volumeUnitPrice = (billable: BillingDecimal, tiers: readonly PriceTier[]): BillingDecimal => {
  const tier = tiers.find((candidate) => candidate.upTo === null || billable.lte(decimalOf(candidate.upTo)));
  // The schema guarantees an unbounded last tier, so a tier always matches.
  return decimalOf(tier?.unitPrice ?? '0');
};

/** Rates one meter's consumed quantity for a period with the meter's price. */
export const rateQuantity = (
  consumed: BillingDecimal,
  price: MeterPrice,
  currency: CurrencyCode,
): RatedQuantity => {
  const included = decimalOf(price.includedQuantity);
  const billable = Dec.max(0, consumed.minus(included));
  let exactAmount: BillingDecimal;
  let listUnitPrice: BillingDecimal;
  if (price.model === 'flat') {
    listUnitPrice = decimalOf(price.unitPrice);
    exactAmount = billable.times(listUnitPrice);
  } else {
    listUnitPrice = decimalOf(price.tiers[0]?.unitPrice ?? '0');
    exactAmount =
      price.model === 'graduated'
        ? graduatedAmount(billable, price.tiers)
        : billable.times(volumeUnitPrice(billable, price.tiers));
  }
  return {
    consumedQuantity: consumed,
    includedQuantity: Dec.min(consumed, included),
    billableQuantity: billable,
    exactAmount,
    amount: roundAtLine(exactAmount, currency),
    listUnitPrice,
  };
};
