/** Money and rating: the rounding rule, tier tables, and algebraic properties of rating. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BillingDecimal,
  decimalOf,
  formatAmount,
  roundAtLine,
} from '../../../../shared/domain/billing/money.ts';
import {
  type MeterPrice,
  parsePriceBook,
  rateQuantity,
} from '../../../../shared/domain/billing/price-book.ts';

describe('roundAtLine: half-even to the currency minor unit', () => {
  it.each([
    ['0.125', 'EUR', '0.12'],
    ['0.135', 'EUR', '0.14'],
    ['0.145', 'EUR', '0.14'],
    ['2.675', 'USD', '2.68'],
    ['2.665', 'USD', '2.66'],
    ['-0.125', 'EUR', '-0.12'],
    ['0.1251', 'EUR', '0.13'],
    ['0.5', 'JPY', '0'],
    ['1.5', 'JPY', '2'],
    ['2.5', 'JPY', '2'],
    ['1.0005', 'KWD', '1.000'],
    ['1.0015', 'KWD', '1.002'],
  ] as const)('%s %s → %s', (amount, currency, expected) => {
    expect(formatAmount(roundAtLine(decimalOf(amount), currency), currency)).toBe(expected);
  });

  it('keeps 0.1 + 0.2 exact (no binary floats)', () => {
    expect(decimalOf('0.1').plus('0.2').toFixed()).toBe('0.3');
  });
});

const graduated: MeterPrice = {
  model: 'graduated',
  includedQuantity: '0',
  tiers: [
    { upTo: '100', unitPrice: '1.00' },
    { upTo: '1000', unitPrice: '0.50' },
    { upTo: null, unitPrice: '0.10' },
  ],
};
const volume: MeterPrice = { ...graduated, model: 'volume' };

describe('rateQuantity tier tables', () => {
  it.each([
    ['flat, nothing free', { model: 'flat', unitPrice: '2.50', includedQuantity: '0' }, '10', '25.00', '10'],
    [
      'flat, free tier covers all',
      { model: 'flat', unitPrice: '2.50', includedQuantity: '50' },
      '10',
      '0.00',
      '0',
    ],
    [
      'flat, free tier partly',
      { model: 'flat', unitPrice: '2.50', includedQuantity: '5' },
      '10',
      '12.50',
      '5',
    ],
    ['flat, rounded once', { model: 'flat', unitPrice: '0.0125', includedQuantity: '0' }, '10', '0.12', '10'],
    ['graduated, first tier', graduated, '100', '100.00', '100'],
    ['graduated, into second', graduated, '101', '100.50', '101'],
    ['graduated, into third', graduated, '1500', '600.00', '1500'],
    ['graduated, zero', graduated, '0', '0.00', '0'],
    ['volume, first tier', volume, '100', '100.00', '100'],
    ['volume, second tier prices everything', volume, '101', '50.50', '101'],
    ['volume, third tier prices everything', volume, '1500', '150.00', '1500'],
    [
      'graduated with free tier (tiers count billable units)',
      { ...graduated, includedQuantity: '50' },
      '200',
      '125.00',
      '150',
    ],
    ['fractional minutes', { model: 'flat', unitPrice: '1.10', includedQuantity: '0' }, '7.5', '8.25', '7.5'],
  ] as const)('%s', (_name, price, quantity, amount, billable) => {
    const rated = rateQuantity(decimalOf(quantity), price, 'EUR');
    expect(formatAmount(rated.amount, 'EUR')).toBe(amount);
    expect(rated.billableQuantity.toFixed()).toBe(billable);
  });
});

describe('rating properties', () => {
  const quantity = fc.integer({ min: 0, max: 1_000_000 }).map((n) => new BillingDecimal(n));

  it('graduated pricing is additive band by band: never more than volume at the first price', () => {
    fc.assert(
      fc.property(quantity, (q) => {
        const rated = rateQuantity(q, graduated, 'EUR');
        expect(rated.exactAmount.lte(q.times('1.00'))).toBe(true);
        expect(rated.exactAmount.gte(q.times('0.10'))).toBe(true);
      }),
    );
  });

  it('graduated amounts never decrease as quantity grows', () => {
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        const [low, high] = a.lte(b) ? [a, b] : [b, a];
        expect(
          rateQuantity(low, graduated, 'EUR').amount.lte(rateQuantity(high, graduated, 'EUR').amount),
        ).toBe(true);
      }),
    );
  });

  it('flat rating of a sum equals the sum of its parts before rounding (no free tier)', () => {
    const price: MeterPrice = { model: 'flat', unitPrice: '0.0137', includedQuantity: '0' };
    fc.assert(
      fc.property(quantity, quantity, (a, b) => {
        const whole = rateQuantity(a.plus(b), price, 'EUR').exactAmount;
        const parts = rateQuantity(a, price, 'EUR').exactAmount.plus(
          rateQuantity(b, price, 'EUR').exactAmount,
        );
        expect(whole.eq(parts)).toBe(true);
      }),
    );
  });

  it('the rounded amount is within half a minor unit of the exact amount', () => {
    const price: MeterPrice = { model: 'flat', unitPrice: '0.0137', includedQuantity: '3' };
    fc.assert(
      fc.property(quantity, (q) => {
        const rated = rateQuantity(q, price, 'EUR');
        expect(rated.amount.minus(rated.exactAmount).abs().lte('0.005')).toBe(true);
      }),
    );
  });
});

describe('parsePriceBook', () => {
  it('refuses tiers whose bounds do not increase or whose last tier is bounded', () => {
    const book = (tiers: unknown) => ({
      priceBookId: 'pb',
      currency: 'EUR',
      prices: { 'tickets.created': { model: 'graduated', tiers } },
    });
    expect(() => parsePriceBook(book([{ upTo: '10', unitPrice: '1' }]))).toThrow(/unbounded/);
    expect(() =>
      parsePriceBook(
        book([
          { upTo: '10', unitPrice: '1' },
          { upTo: '5', unitPrice: '1' },
          { upTo: null, unitPrice: '1' },
        ]),
      ),
    ).toThrow(/increase/);
    expect(() => parsePriceBook({ priceBookId: 'pb', currency: 'XXX', prices: {} })).toThrow();
  });
});
