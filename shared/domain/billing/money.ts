/**
 * Money for billing: decimal arithmetic (decimal.js, never binary floats) and the one rounding
 * rule of Guichet — an amount is rounded once, at the statement line, half-even (banker's
 * rounding), to the minor unit of its ISO 4217 currency. Unit prices and running sums keep full
 * precision; only a line's amount is rounded, and totals are sums of rounded lines.
 */
import { Decimal } from 'decimal.js';

/** A private Decimal constructor: 40 significant digits, so no intermediate product loses cents. */
export const BillingDecimal = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
export type BillingDecimal = InstanceType<typeof BillingDecimal>;

/** ISO 4217 minor units of the currencies price books may use. */
const MINOR_UNITS = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  CAD: 2,
  JPY: 0,
  KWD: 3,
} as const;

export type CurrencyCode = keyof typeof MINOR_UNITS;

export const currencyCodes = Object.keys(MINOR_UNITS) as readonly string[];

export const isCurrencyCode = (code: string): code is CurrencyCode => Object.hasOwn(MINOR_UNITS, code);

export const minorUnitsOf = (currency: CurrencyCode): number => MINOR_UNITS[currency];

/** Parses a decimal string (`"0.125"`); refuses anything that is not a finite decimal. */
export const decimalOf = (value: string | number): BillingDecimal => {
  const parsed = new BillingDecimal(value);
  if (!parsed.isFinite()) throw new RangeError(`not a finite decimal: ${String(value)}`);
  return parsed;
};

/** Rounds an amount to its currency's minor unit, half to even. The only rounding billing does. */
export const roundAtLine = (amount: BillingDecimal, currency: CurrencyCode): BillingDecimal =>
  amount.toDecimalPlaces(minorUnitsOf(currency), BillingDecimal.ROUND_HALF_EVEN);

/** The canonical text of an amount: fixed minor-unit digits, so exports are byte-stable. */
export const formatAmount = (amount: BillingDecimal, currency: CurrencyCode): string =>
  amount.toFixed(minorUnitsOf(currency));

/** The canonical text of a quantity or unit price: no exponent, no trailing zeros. */
export const formatDecimal = (value: BillingDecimal): string => {
  const fixed = value.toFixed();
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
};
