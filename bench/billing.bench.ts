/**
 * Billing benchmark (not a test): 1,000,000 usage events across 1,000 tenants through the pure
 * aggregation core (event → usage fact → covering engagement by precedence → idempotent
 * counter, with 1% duplicate deliveries), then period close (rating every tenant × engagement)
 * and the streamed CSV + FOCUS export with SHA-256. Reports throughput, times and peak RSS to
 * `bench/results/billing.json`. Run: `npx tsx bench/billing.bench.ts`; the bench runner calls
 * `runBillingBenchmark()`.
 */

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ApiCallsRecordedDetail } from '../events/api-calls-recorded.ts';
import type { TicketCreatedDetail } from '../events/ticket-created.ts';
import { writeCsvFile } from '../shared/adapters/aws/s3-billing-exports.ts';
import { focusRows, statementCsvRows } from '../shared/domain/billing/billing-export.ts';
import { BillingService } from '../shared/domain/billing/billing-service.ts';
import type { EngagementTerms, EngagementTermsDirectory } from '../shared/domain/billing/engagement-terms.ts';
import { selectCoveringEngagement } from '../shared/domain/billing/engagement-terms.ts';
import {
  InMemoryStatementStore,
  InMemoryUsageLedger,
} from '../shared/domain/billing/in-memory-billing-stores.ts';
import { parsePriceBook } from '../shared/domain/billing/price-book.ts';
import type { Statement } from '../shared/domain/billing/statement.ts';
import {
  usageFromApiCallsRecorded,
  usageFromTicketCreated,
} from '../shared/domain/billing/usage-from-events.ts';
import type { BenchmarkResult } from './benchmark-result.ts';

export interface BillingBenchmarkOptions {
  readonly events?: number;
  readonly tenants?: number;
  readonly period?: string;
}

const priceBook = parsePriceBook({
  priceBookId: 'bench',
  currency: 'EUR',
  minimumMonthlyCommitment: '100',
  prices: {
    'tickets.created': {
      model: 'graduated',
      includedQuantity: '10',
      tiers: [
        { upTo: '100', unitPrice: '4.50' },
        { upTo: null, unitPrice: '2.90' },
      ],
    },
    'api.calls': {
      model: 'volume',
      tiers: [
        { upTo: '100000', unitPrice: '0.0004' },
        { upTo: null, unitPrice: '0.00025' },
      ],
    },
  },
});

const engagementsFor = (tenants: number): EngagementTerms[] => {
  const list: EngagementTerms[] = [];
  for (let index = 0; index < tenants; index += 1) {
    const tenantId = `t${index}`;
    const base = {
      tenantId,
      tenantName: `Tenant ${index}`,
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: null,
      priceBook,
    };
    list.push({
      ...base,
      engagementId: `e${index}-a`,
      providerId: `p${index % 10}`,
      providerName: `Provider ${index % 10}`,
      precedence: 1,
    });
    // Every tenth tenant has a second, lower-precedence engagement: precedence is exercised.
    if (index % 10 === 0) {
      list.push({
        ...base,
        engagementId: `e${index}-b`,
        providerId: 'inhouse',
        providerName: 'In-house',
        precedence: 2,
      });
    }
  }
  return list;
};

const directoryOf = (engagements: readonly EngagementTerms[]): EngagementTermsDirectory => {
  const byTenant = new Map<string, EngagementTerms[]>();
  for (const terms of engagements)
    byTenant.set(terms.tenantId, [...(byTenant.get(terms.tenantId) ?? []), terms]);
  return {
    forTenant: async (tenantId) => byTenant.get(tenantId) ?? [],
    forProvider: async (providerId) => engagements.filter((terms) => terms.providerId === providerId),
    all: async () => engagements,
  };
};

const envelope = (index: number, tenantId: string, at: string) => ({
  eventId: `ev${index}`,
  tenantId,
  occurredAt: at,
  version: 1 as const,
  correlationId: 'bench',
  aggregateId: `a${index}`,
  aggregateVersion: 1,
});

/** The i-th synthetic event: 80% TicketCreated, 20% ApiCallsRecorded, spread over the month. */
const syntheticUsage = (index: number, tenants: number, period: string) => {
  const tenantId = `t${(index * 7919) % tenants}`;
  const at = `${period}-${String((index % 28) + 1).padStart(2, '0')}T${String(index % 24).padStart(2, '0')}:00:00.000Z`;
  if (index % 5 !== 0) {
    const detail: TicketCreatedDetail = {
      ...envelope(index, tenantId, at),
      ticket: {
        ticketId: `k${index}`,
        number: index + 1,
        type: index % 3 === 0 ? 'request' : 'incident',
        channel: 'portal',
        language: 'en',
        priority: 'p3',
        status: 'new',
        subject: 's',
        category: null,
        service: null,
        requesterId: 'r',
        createdAt: at,
      },
    };
    return usageFromTicketCreated(detail);
  }
  const detail: ApiCallsRecordedDetail = {
    ...envelope(index, tenantId, at),
    usage: {
      callerId: `key${index % 4}`,
      credential: 'api_key',
      calls: 1 + (index % 50),
      windowStart: at,
      windowEnd: at,
    },
  };
  return usageFromApiCallsRecorded(detail);
};

const peakRssMb = (): number => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;

export const runBillingBenchmark = async (
  options: BillingBenchmarkOptions = {},
): Promise<Record<string, unknown>> => {
  const events = options.events ?? 1_000_000;
  const tenants = options.tenants ?? 1_000;
  const period = options.period ?? '2026-01';
  const engagements = engagementsFor(tenants);
  const directory = directoryOf(engagements);
  const byTenant = new Map<string, EngagementTerms[]>();
  for (const terms of engagements)
    byTenant.set(terms.tenantId, [...(byTenant.get(terms.tenantId) ?? []), terms]);
  const ledger = new InMemoryUsageLedger();
  const statements = new InMemoryStatementStore();

  // Aggregation: every event once, plus a duplicate delivery of every 100th.
  const aggregationStart = performance.now();
  let deliveries = 0;
  let duplicates = 0;
  for (let index = 0; index < events; index += 1) {
    const copies = index % 100 === 0 ? 2 : 1;
    for (let copy = 0; copy < copies; copy += 1) {
      for (const observation of syntheticUsage(index, tenants, period)) {
        const engagement = selectCoveringEngagement(
          byTenant.get(observation.tenantId) ?? [],
          observation.tenantId,
          observation.meter,
          observation.occurredAt,
        );
        if (engagement === undefined) continue;
        const outcome = ledger.recordNow({
          ...observation,
          engagementId: engagement.engagementId,
          providerId: engagement.providerId,
        });
        if (outcome.outcome === 'duplicate') duplicates += 1;
      }
      deliveries += 1;
    }
  }
  const aggregationMs = performance.now() - aggregationStart;

  // Close: every tenant's period, rated and frozen.
  const clock = { now: () => new Date(Date.parse(`${period}-01T00:00:00.000Z`) + 40 * 86_400_000) };
  const service = new BillingService({ engagements: directory, ledger, statements, clock });
  const closeStart = performance.now();
  const closed: Statement[] = [];
  for (let index = 0; index < tenants; index += 1) {
    closed.push(...(await service.closePeriod({ kind: 'tenant', tenantId: `t${index}` }, period)));
  }
  const closeMs = performance.now() - closeStart;

  // Export: both files streamed to disk with their SHA-256, twice, to check byte stability.
  const directoryPath = await mkdtemp(join(tmpdir(), 'guichet-billing-bench-'));
  const exportStart = performance.now();
  const csv = await writeCsvFile(join(directoryPath, 'statement.csv'), statementCsvRows(closed));
  const focus = await writeCsvFile(join(directoryPath, 'focus.csv'), focusRows(closed));
  const exportMs = performance.now() - exportStart;
  const again = await writeCsvFile(join(directoryPath, 'focus-again.csv'), focusRows(closed));
  await rm(directoryPath, { recursive: true, force: true });

  const countedTickets = closed
    .flatMap((statement) => statement.lines)
    .filter((line) => line.meter === 'tickets.created')
    .reduce((sum, line) => sum + Number(line.consumedQuantity), 0);
  const totalMs = aggregationMs + closeMs + exportMs;
  return {
    benchmark: 'billing',
    node: process.version,
    events,
    tenants,
    engagements: engagements.length,
    deliveries,
    duplicatesIgnored: duplicates,
    countedFacts: ledger.countedFacts,
    ticketsCountedEqualsDistinct: countedTickets === events - Math.ceil(events / 5),
    aggregationMs: Math.round(aggregationMs),
    aggregationEventsPerSecond: Math.round(deliveries / (aggregationMs / 1000)),
    statements: closed.length,
    closeMs: Math.round(closeMs),
    exportMs: Math.round(exportMs),
    csvRows: csv.rows,
    focusRows: focus.rows,
    focusBytes: focus.bytes,
    exportByteStable: again.sha256 === focus.sha256,
    totalSeconds: Math.round(totalMs) / 1000,
    peakRssMb: peakRssMb(),
    goals: { totalSecondsBelow: 60, peakRssMbBelow: 300 },
  };
};

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const result = await runBillingBenchmark();
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'billing.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

const billingRawSchema = z.object({
  events: z.number(),
  tenants: z.number(),
  aggregationMs: z.number(),
  aggregationEventsPerSecond: z.number(),
  closeMs: z.number(),
  exportMs: z.number(),
  totalSeconds: z.number(),
  peakRssMb: z.number(),
  ticketsCountedEqualsDistinct: z.boolean(),
  exportByteStable: z.boolean(),
});

/** The runner's entry: the goals (60 s, 300 MB) are reported beside the figures, never asserted. */
export const run = async (): Promise<BenchmarkResult> => {
  const raw = await runBillingBenchmark();
  const parsed = billingRawSchema.parse(raw);
  return {
    id: 'billing',
    title: 'P5 — Billing: aggregation, period close and exports',
    method: `${parsed.events.toLocaleString('en-GB')} usage events (1 in 100 delivered twice) over ${parsed.tenants.toLocaleString('en-GB')} tenants through the production aggregation, rating, close and export code with in-memory stores (not DynamoDB).`,
    figures: [
      {
        name: 'aggregation',
        unit: 'events/s',
        value: Math.round(parsed.aggregationEventsPerSecond),
        lowerIsBetter: false,
      },
      { name: 'close of every statement', unit: 'ms', value: parsed.closeMs },
      { name: 'CSV + FOCUS exports', unit: 'ms', value: parsed.exportMs },
      { name: 'total', unit: 's', value: parsed.totalSeconds, note: 'goal: under 60 s' },
      {
        name: 'peak RSS',
        unit: 'MB',
        value: parsed.peakRssMb,
        note: 'goal: under 300 MB (RSS of the whole bench process)',
      },
    ],
    notes: [
      `Counted facts equal distinct events: ${parsed.ticketsCountedEqualsDistinct}; exports byte-identical across two runs: ${parsed.exportByteStable}.`,
    ],
    data: raw,
  };
};
