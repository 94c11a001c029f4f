import { describe, expect, it } from 'vitest';
import { awsPrices } from '../../../bench/aws-prices.ts';
import type { NormalisedBenchmarkResult } from '../../../bench/benchmark-result.ts';
import { buildCostModel } from '../../../bench/cost-model.ts';
import { schedules } from '../../../infra/manifest.ts';

const capacityResult = (apiCalls: number, events: number): NormalisedBenchmarkResult => ({
  id: 'capacity',
  title: 'capacity',
  figures: [],
  notes: [],
  data: {
    authorizer: { readUnitsPerCacheMiss: 1, extraLatencyMs: 4 },
    lifecycle: {
      apiCalls: Array.from({ length: apiCalls }, () => ({
        operation: 'createTicket',
        function: 'createTicket',
      })),
      readUnits: 10,
      writeUnits: 20,
      events,
      queueDeliveries: 2,
      functionDeliveries: 3,
    },
  },
});

const lineOf = (model: ReturnType<typeof buildCostModel>, service: string, item: string) => {
  const found = model.lines.find((entry) => entry.service === service && entry.item === item);
  if (found === undefined) throw new Error(`no ${service} ${item} line`);
  return found;
};

describe('cost model', () => {
  it('says what is missing instead of pricing nothing when the capacity benchmark gave no data', () => {
    const model = buildCostModel([]);
    expect(model.missing).toMatch(/capacity/);
    expect(model.lines).toHaveLength(0);
  });

  it('scales the measured counts of one lifecycle to 1,000 tickets and prices each line', () => {
    const model = buildCostModel([capacityResult(7, 5)]);
    const requests = lineOf(model, 'API Gateway', 'REST API requests');
    expect(requests.quantity).toBe(7_000);
    expect(requests.costUsd).toBeCloseTo((7_000 * awsPrices.apiGatewayRestRequest.usd) / 1_000_000, 10);
    expect(lineOf(model, 'WAF', 'requests inspected').quantity).toBe(7_000);
    expect(lineOf(model, 'EventBridge', 'custom events').quantity).toBe(5_000);
    expect(lineOf(model, 'DynamoDB', 'write request units').quantity).toBe(20_000);
    expect(model.totalUsd).toBeCloseTo(
      model.lines.reduce((sum, entry) => sum + entry.costUsd, 0),
      10,
    );
  });

  it('doubles every traffic-driven line when a lifecycle makes twice the calls', () => {
    const once = lineOf(buildCostModel([capacityResult(4, 3)]), 'Lambda', 'invocations');
    const twice = lineOf(buildCostModel([capacityResult(8, 3)]), 'Lambda', 'invocations');
    // 2 per API call (handler + authoriser) plus the same 5 deliveries per ticket.
    expect(twice.quantity - once.quantity).toBe(4 * 2 * 1_000);
  });

  it('keeps the stage’s fixed monthly floor apart from the per-ticket total', () => {
    const model = buildCostModel([capacityResult(7, 5)]);
    const sweeps = model.fixedMonthly.find((entry) => entry.item === 'scheduled invocations');
    const expected = schedules.reduce((sum, schedule) => sum + (30 * 24 * 60) / schedule.rateMinutes, 0);
    expect(sweeps?.quantity).toBe(expected);
    expect(model.fixedMonthlyUsd).toBeCloseTo(
      model.fixedMonthly.reduce((sum, entry) => sum + entry.costUsd, 0),
      10,
    );
    expect(model.lines.some((entry) => entry.item === 'scheduled invocations')).toBe(false);
  });
});
