/**
 * Billing on the local stack, as finance would use it: usage events cross the bus, the rule
 * and the billing queue (with duplicates, a crash before acknowledgement and shuffled order),
 * the statement counts each distinct event exactly once; closing freezes it; exports are
 * byte-stable with a truthful manifest; a tenant's finance sees only its own books.
 */
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { statementListSchema, usageViewSchema } from '../../shared/api/billing.ts';
import { focusColumns } from '../../shared/domain/billing/billing-export.ts';
import { periodOf, previousPeriod } from '../../shared/domain/billing/usage-fact.ts';
import {
  api,
  createTestTenant,
  eventually,
  localStack,
  type TestTenant,
  tokenOf,
} from '../support/local-stack.ts';

const currentPeriod = periodOf(new Date().toISOString());
const lastPeriod = previousPeriod(currentPeriod);

/** An instant inside `period`, on day 1..28 at a pseudo-random time. */
const instantIn = (period: string, seed: number): string =>
  new Date(
    `${period}-${String((seed % 28) + 1).padStart(2, '0')}T${String(seed % 24).padStart(2, '0')}:17:00.000Z`,
  ).toISOString();

const ticketCreated = (tenantId: string, index: number, type: string, at: string) => ({
  detailType: 'TicketCreated',
  detail: {
    eventId: `evt-${randomUUID()}`,
    tenantId,
    occurredAt: at,
    version: 1,
    correlationId: `corr-${index}`,
    aggregateId: `ticket-${index}`,
    aggregateVersion: 1,
    ticket: {
      ticketId: `ticket-${index}`,
      number: index + 1,
      type,
      channel: 'portal',
      language: 'en',
      priority: 'p3',
      status: 'new',
      subject: `Usage ${index}`,
      category: null,
      service: null,
      requesterId: 'someone',
      createdAt: at,
    },
  },
});

const apiCalls = (tenantId: string, index: number, calls: number, at: string) => ({
  detailType: 'ApiCallsRecorded',
  detail: {
    eventId: `evt-${randomUUID()}`,
    tenantId,
    occurredAt: at,
    version: 1,
    correlationId: `corr-api-${index}`,
    aggregateId: `caller-${index % 3}`,
    aggregateVersion: 1,
    usage: {
      callerId: `key-${index % 3}`,
      credential: 'api_key',
      calls,
      windowStart: at,
      windowEnd: new Date(Date.parse(at) + 60_000).toISOString(),
    },
  },
});

const engagementFor = (tenant: TestTenant) => ({
  engagementId: `eng-${tenant.id}`,
  tenantId: tenant.id,
  tenantName: `Test ${tenant.id}`,
  providerId: 'test-provider',
  providerName: 'Test provider',
  validFrom: '2020-01-01T00:00:00.000Z',
  validTo: null,
  precedence: 1,
  priceBook: {
    priceBookId: `pb-${tenant.id}`,
    currency: 'EUR',
    minimumMonthlyCommitment: '0',
    prices: {
      'tickets.created': { model: 'flat', unitPrice: '2.50' },
      'api.calls': { model: 'flat', unitPrice: '0.01' },
    },
  },
});

/** Fisher–Yates with a fixed LCG, so a failure can be replayed. */
const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    const a = copy[index];
    const b = copy[other];
    if (a === undefined || b === undefined) continue;
    copy[index] = b;
    copy[other] = a;
  }
  return copy;
};

const publish = async (entries: readonly unknown[]) => {
  const response = await api('POST', '/_local/events', { body: { entries } });
  expect(response.status).toBe(200);
};

const usageOf = async (token: string, period: string) => {
  const response = await api('GET', `/v1/billing/usage?period=${period}`, { token });
  expect(response.status).toBe(200);
  return usageViewSchema.parse(response.body);
};

const lineQuantity = (view: z.infer<typeof usageViewSchema>, meter: string, chargeClass = 'Regular') =>
  view.engagements
    .flatMap((engagement) => engagement.statement.lines)
    .filter((line) => line.meter === meter && line.chargeClass === chargeClass)
    .reduce((sum, line) => sum + Number(line.consumedQuantity), 0);

const exportLinksSchema = z.object({
  files: z.object({ 'statement.csv': z.string(), 'focus.csv': z.string(), 'manifest.json': z.string() }),
});

const download = async (url: string): Promise<Buffer> => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};

const downloadExport = async (token: string, period: string) => {
  const response = await api('GET', `/v1/billing/exports/${period}`, { token });
  expect(response.status).toBe(200);
  const links = exportLinksSchema.parse(response.body).files;
  return {
    csv: await download(links['statement.csv']),
    focus: await download(links['focus.csv']),
    manifest: z
      .object({
        totals: z.record(z.string(), z.string()),
        files: z.array(
          z.object({ name: z.string(), rows: z.number(), sha256: z.string(), bytes: z.number() }),
        ),
      })
      .parse(JSON.parse((await download(links['manifest.json'])).toString('utf8'))),
  };
};

describe('usage metering, period close and exports', () => {
  let tenant: TestTenant;
  let other: TestTenant;
  const distinctTickets = 24;
  const apiCallEvents = 12;
  let expectedApiCalls = 0;

  beforeAll(async () => {
    tenant = await createTestTenant('billing');
    other = await createTestTenant('billing-other');
    for (const each of [tenant, other]) {
      const response = await api('POST', '/_local/billing/engagements', { body: engagementFor(each) });
      expect(response.status).toBe(201);
    }
  });

  it('counts each distinct event exactly once despite duplicates, a crash before ack and shuffled order', async () => {
    const events = [];
    for (let index = 0; index < distinctTickets; index += 1) {
      events.push(
        ticketCreated(
          tenant.id,
          index,
          index % 3 === 0 ? 'request' : 'incident',
          instantIn(lastPeriod, index * 7),
        ),
      );
    }
    for (let index = 0; index < apiCallEvents; index += 1) {
      const calls = 10 + index * 3;
      expectedApiCalls += calls;
      events.push(apiCalls(tenant.id, index, calls, instantIn(lastPeriod, index * 5 + 3)));
    }
    // Producer duplicates: every third event published twice, every fifth three times.
    const withDuplicates = events.flatMap((event, index) =>
      index % 5 === 0 ? [event, event, event] : index % 3 === 0 ? [event, event] : [event],
    );
    // Two batches processed but never acknowledged: SQS redelivers them after the visibility timeout.
    expect(
      (await api('POST', '/_local/faults/queue-acks', { body: { queue: 'billing-usage', count: 2 } })).status,
    ).toBe(200);
    await publish(shuffled(withDuplicates, 42));

    const financeToken = tokenOf(tenant, 'finance');
    await eventually(async () => {
      const view = await usageOf(financeToken, lastPeriod);
      return lineQuantity(view, 'tickets.created') === distinctTickets &&
        lineQuantity(view, 'api.calls') === expectedApiCalls
        ? true
        : undefined;
    }, 30_000);
    const faults = z.object({ dropped: z.record(z.string(), z.number()) });
    const dropped = faults.parse((await api('GET', '/_local/faults/queue-acks')).body).dropped[
      'billing-usage'
    ];
    expect(dropped).toBeGreaterThanOrEqual(2);
    // Wait past the visibility timeout (15 s): the unacknowledged batches come back and change nothing.
    await new Promise((resolve) => setTimeout(resolve, 18_000));
    const after = await usageOf(financeToken, lastPeriod);
    expect(lineQuantity(after, 'tickets.created')).toBe(distinctTickets);
    expect(lineQuantity(after, 'api.calls')).toBe(expectedApiCalls);
  }, 90_000);

  it('closes the period into a frozen statement; re-closing returns the same statement', async () => {
    const token = tokenOf(tenant, 'finance');
    const first = await api('POST', `/v1/billing/periods/${lastPeriod}/close`, { token });
    expect(first.status).toBe(200);
    const closed = statementListSchema.parse(first.body);
    expect(closed.items).toHaveLength(1);
    const statement = closed.items[0];
    const tickets = statement?.lines.find((line) => line.meter === 'tickets.created');
    const calls = statement?.lines.find((line) => line.meter === 'api.calls');
    expect(tickets?.consumedQuantity).toBe(String(distinctTickets));
    expect(tickets?.amount).toBe((distinctTickets * 2.5).toFixed(2));
    expect(calls?.consumedQuantity).toBe(String(expectedApiCalls));
    expect(calls?.amount).toBe((expectedApiCalls / 100).toFixed(2));
    expect(statement?.total).toBe((distinctTickets * 2.5 + expectedApiCalls / 100).toFixed(2));

    const again = await api('POST', `/v1/billing/periods/${lastPeriod}/close`, { token });
    expect(again.status).toBe(200);
    expect(statementListSchema.parse(again.body).items).toEqual(closed.items);
  });

  it('refuses to close a period that has not ended', async () => {
    const response = await api('POST', `/v1/billing/periods/${currentPeriod}/close`, {
      token: tokenOf(tenant, 'finance'),
    });
    expect(response.status).toBe(412);
  });

  it('bills a late event of a closed period as a correction in the current period', async () => {
    const token = tokenOf(tenant, 'finance');
    await publish([ticketCreated(tenant.id, 999, 'incident', instantIn(lastPeriod, 3))]);
    const view = await eventually(async () => {
      const current = await usageOf(token, currentPeriod);
      return lineQuantity(current, 'tickets.created', 'Correction') === 1 ? current : undefined;
    }, 20_000);
    const correction = view.engagements[0]?.statement.lines.find((line) => line.chargeClass === 'Correction');
    expect(correction).toMatchObject({ correctsPeriod: lastPeriod, amount: '2.50' });
    const frozen = statementListSchema.parse(
      (await api('GET', `/v1/billing/statements?period=${lastPeriod}`, { token })).body,
    );
    expect(frozen.items[0]?.lines.find((line) => line.meter === 'tickets.created')?.consumedQuantity).toBe(
      String(distinctTickets),
    );
  }, 30_000);

  it('exports a CSV and a FOCUS file whose manifest is truthful, with the same bytes every time', async () => {
    const token = tokenOf(tenant, 'finance');
    const first = await downloadExport(token, lastPeriod);
    const focusHeader = first.focus.toString('utf8').split('\r\n')[0]?.split(',');
    expect(focusHeader).toEqual([...focusColumns]);
    for (const [name, bytes] of [
      ['statement.csv', first.csv],
      ['focus.csv', first.focus],
    ] as const) {
      const entry = first.manifest.files.find((file) => file.name === name);
      expect(entry?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry?.bytes).toBe(bytes.length);
      expect(entry?.rows).toBe(bytes.toString('utf8').trimEnd().split('\r\n').length - 1);
    }
    expect(first.manifest.totals).toEqual({
      EUR: (distinctTickets * 2.5 + expectedApiCalls / 100).toFixed(2),
    });
    // Closing again rewrites the export from the frozen statement: byte for byte the same.
    expect((await api('POST', `/v1/billing/periods/${lastPeriod}/close`, { token })).status).toBe(200);
    const second = await downloadExport(token, lastPeriod);
    expect(second.csv.equals(first.csv)).toBe(true);
    expect(second.focus.equals(first.focus)).toBe(true);
  });

  it("never shows a tenant's usage or statements to another tenant's finance", async () => {
    const token = tokenOf(other, 'finance');
    const usage = await usageOf(token, lastPeriod);
    expect(usage.engagements.map((engagement) => engagement.statement.tenantId)).toEqual([other.id]);
    const filtered = await api('GET', `/v1/billing/usage?period=${lastPeriod}&tenantId=${tenant.id}`, {
      token,
    });
    expect(
      usageViewSchema.parse(filtered.body).engagements.every((e) => e.statement.tenantId === other.id),
    ).toBe(true);
    const statements = statementListSchema.parse(
      (await api('GET', '/v1/billing/statements', { token })).body,
    );
    expect(statements.items.every((statement) => statement.tenantId === other.id)).toBe(true);
    expect((await api('GET', `/v1/billing/exports/${lastPeriod}`, { token })).status).toBe(412);
    for (const role of ['requester', 'agent', 'tenant_admin']) {
      const refused = await api('GET', '/v1/billing/usage', { token: tokenOf(tenant, role) });
      expect(refused.status).toBe(403);
    }
  });
});

describe('tickets raised through the API', () => {
  it('are metered from TicketCreated (outbox → bus → billing queue) in the current period', async () => {
    const tenant = await createTestTenant('billing-tickets');
    expect((await api('POST', '/_local/billing/engagements', { body: engagementFor(tenant) })).status).toBe(
      201,
    );
    const requester = tokenOf(tenant, 'requester');
    for (const subject of ['Printer jammed', 'VPN down', 'New laptop']) {
      expect((await api('POST', '/v1/tickets', { token: requester, body: { subject } })).status).toBe(201);
    }
    const view = await eventually(async () => {
      const current = await usageOf(tokenOf(tenant, 'finance'), currentPeriod);
      return lineQuantity(current, 'tickets.created') === 3 ? current : undefined;
    }, 20_000);
    expect(view.engagements[0]?.statement.lines[0]).toMatchObject({
      meter: 'tickets.created',
      amount: '7.50',
    });
  }, 30_000);
});

describe("the demo provider's finance closes last period", () => {
  it('downloads a CSV and a FOCUS file whose totals match the live usage view', async () => {
    const provider = localStack().providers.find((each) => each.id === 'servicedesk-pro');
    const token = provider?.tokens.provider_finance;
    if (token === undefined) throw new Error('no servicedesk-pro finance token');
    const acme = localStack().tenants.find((each) => each.id === 'acme');
    const acmeRequester = acme?.tokens.requester;
    if (acmeRequester === undefined) throw new Error('no acme requester token');
    await publish([
      ticketCreated('acme', 1, 'incident', instantIn(lastPeriod, 1)),
      ticketCreated('acme', 2, 'incident', instantIn(lastPeriod, 2)),
      ticketCreated('globex', 3, 'request', instantIn(lastPeriod, 3)),
      apiCalls('globex', 4, 5000, instantIn(lastPeriod, 4)),
    ]);
    const live = await eventually(async () => {
      const view = await usageOf(token, lastPeriod);
      return lineQuantity(view, 'api.calls') >= 5000 && lineQuantity(view, 'tickets.created') >= 3
        ? view
        : undefined;
    }, 20_000);
    // The provider sees its own clients' engagements only (not acme's in-house desk).
    expect(new Set(live.engagements.map((e) => e.statement.providerId))).toEqual(
      new Set(['servicedesk-pro']),
    );
    const liveTotal = live.engagements.reduce((sum, e) => sum + Number(e.statement.total), 0);

    const closed = await api('POST', `/v1/billing/periods/${lastPeriod}/close`, { token });
    expect(closed.status).toBe(200);
    const statements = statementListSchema.parse(closed.body);
    const closedTotal = statements.items.reduce((sum, statement) => sum + Number(statement.total), 0);
    expect(closedTotal.toFixed(2)).toBe(liveTotal.toFixed(2));
    expect(statements.clientMix.map((share) => share.tenantId).sort()).toEqual(['acme', 'globex']);
    expect(statements.clientMix.filter((share) => share.role === 'primary')).toHaveLength(1);

    const exported = await downloadExport(token, lastPeriod);
    expect(exported.manifest.totals.EUR).toBe(liveTotal.toFixed(2));
    const focusRows = exported.focus.toString('utf8').trimEnd().split('\r\n').slice(1);
    const billedColumn = focusColumns.indexOf('BilledCost');
    const focusTotal = focusRows.reduce((sum, row) => sum + Number(row.split(',')[billedColumn]), 0);
    expect(focusTotal.toFixed(2)).toBe(liveTotal.toFixed(2));
    // acme's in-house desk is not in servicedesk-pro's book, and acme's finance cannot close it either.
    expect(exported.csv.toString('utf8')).not.toContain('eng-acme-acme-it');
  }, 40_000);
});
