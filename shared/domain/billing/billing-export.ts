/**
 * Export rows of frozen statements: Guichet's own CSV and a FOCUS-style file (FinOps Open Cost
 * and Usage Specification column names). Pure and deterministic: rows come out in statement
 * order, line order, with canonical decimal text, so the same statements always give the same
 * bytes. Generators: rows are produced one at a time, never held as a whole file.
 */
import { meters } from './meters.ts';
import {
  type CurrencyCode,
  BillingDecimal as Dec,
  formatAmount,
  isCurrencyCode,
  roundAtLine,
} from './money.ts';
import type { Statement, StatementLine } from './statement.ts';
import { periodEnd, periodStart } from './usage-fact.ts';

export const statementCsvColumns = [
  'Period',
  'TenantId',
  'TenantName',
  'EngagementId',
  'ProviderId',
  'ProviderName',
  'Meter',
  'ChargeClass',
  'CorrectsPeriod',
  'ConsumedQuantity',
  'IncludedQuantity',
  'BillableQuantity',
  'ListUnitPrice',
  'EffectiveUnitPrice',
  'Amount',
  'Currency',
] as const;

export const focusColumns = [
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'BillingCurrency',
  'SubAccountId',
  'SubAccountName',
  'ServiceName',
  'SkuId',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
] as const;

export const SHORTFALL_METER = 'commitment.shortfall';
export const PUBLISHER_NAME = 'Guichet';

type Row = readonly string[];

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** One CSV record with CRLF (RFC 4180). */
export const csvRecord = (row: Row): string => `${row.map(csvField).join(',')}\r\n`;

const currencyOf = (statement: Statement): CurrencyCode => {
  if (!isCurrencyCode(statement.currency)) throw new Error(`unsupported currency ${statement.currency}`);
  return statement.currency;
};

const hasShortfall = (statement: Statement): boolean => !new Dec(statement.commitmentShortfall).isZero();

export function* statementCsvRows(statements: Iterable<Statement>): Generator<Row> {
  yield statementCsvColumns;
  for (const statement of statements) {
    const head = [
      statement.period,
      statement.tenantId,
      statement.tenantName,
      statement.engagementId,
      statement.providerId,
      statement.providerName,
    ];
    for (const line of statement.lines) {
      yield [
        ...head,
        line.meter,
        line.chargeClass,
        line.correctsPeriod ?? '',
        line.consumedQuantity,
        line.includedQuantity,
        line.billableQuantity,
        line.listUnitPrice,
        line.effectiveUnitPrice,
        line.amount,
        statement.currency,
      ];
    }
    if (hasShortfall(statement)) {
      yield [
        ...head,
        SHORTFALL_METER,
        'Regular',
        '',
        '',
        '',
        '',
        '',
        '',
        statement.commitmentShortfall,
        statement.currency,
      ];
    }
  }
}

const focusLine = (statement: Statement, line: StatementLine): Row => {
  const currency = currencyOf(statement);
  const meter = meters[line.meter];
  const chargePeriod = line.correctsPeriod ?? statement.period;
  const listCost = roundAtLine(new Dec(line.billableQuantity).times(line.listUnitPrice), currency);
  return [
    periodStart(statement.period),
    periodEnd(statement.period),
    periodStart(chargePeriod),
    periodEnd(chargePeriod),
    line.amount,
    line.amount,
    formatAmount(listCost, currency),
    line.listUnitPrice,
    line.billableQuantity,
    meter.unit,
    line.consumedQuantity,
    meter.unit,
    'Usage',
    line.chargeClass === 'Correction' ? 'Correction' : '',
    line.chargeClass === 'Correction'
      ? `${meter.description} (late usage of ${chargePeriod})`
      : meter.description,
    statement.currency,
    statement.tenantId,
    statement.tenantName,
    meter.serviceName,
    `${statement.priceBookId}:${line.meter}`,
    statement.providerName,
    PUBLISHER_NAME,
    statement.providerName,
  ];
};

export function* focusRows(statements: Iterable<Statement>): Generator<Row> {
  yield focusColumns;
  for (const statement of statements) {
    for (const line of statement.lines) yield focusLine(statement, line);
    if (hasShortfall(statement)) {
      yield [
        periodStart(statement.period),
        periodEnd(statement.period),
        periodStart(statement.period),
        periodEnd(statement.period),
        statement.commitmentShortfall,
        statement.commitmentShortfall,
        statement.commitmentShortfall,
        '',
        '',
        '',
        '',
        '',
        'Purchase',
        '',
        'Minimum monthly commitment shortfall',
        statement.currency,
        statement.tenantId,
        statement.tenantName,
        'Commitment',
        `${statement.priceBookId}:${SHORTFALL_METER}`,
        statement.providerName,
        PUBLISHER_NAME,
        statement.providerName,
      ];
    }
  }
}

/** Totals per currency of a set of statements, for the export manifest. */
export const totalsByCurrency = (statements: Iterable<Statement>): Record<string, string> => {
  const sums = new Map<string, InstanceType<typeof Dec>>();
  for (const statement of statements) {
    sums.set(statement.currency, (sums.get(statement.currency) ?? new Dec(0)).plus(statement.total));
  }
  return Object.fromEntries(
    [...sums]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, sum]) => [
        currency,
        isCurrencyCode(currency) ? formatAmount(sum, currency) : sum.toFixed(),
      ]),
  );
};
