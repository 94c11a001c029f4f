/**
 * The billing meters beyond tickets and API calls, through the API on the local stack: agents
 * log time on tickets (agent handling minutes, billed at the instant of the work), and every
 * person who acts is an active seat once per month. Each goes event → outbox → bus → billing
 * queue → aggregator, and `GET /v1/billing/usage` shows the exact quantity; redeliveries and
 * repeated activity change nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { usageViewSchema } from '../../shared/api/billing.ts';
import { timeEntrySchema } from '../../shared/api/ticket-time-entries.ts';
import { periodEnd, periodOf, periodStart, previousPeriod } from '../../shared/domain/billing/usage-fact.ts';
import {
  api,
  createTestTenant,
  eventually,
  localStack,
  type TestTenant,
  tokenOf,
} from '../support/local-stack.ts';
import { createTestProvider } from '../support/tenancy-fixtures.ts';

const lineQuantity = (view: z.infer<typeof usageViewSchema>, meter: string) =>
  view.engagements
    .flatMap((engagement) => engagement.statement.lines)
    .filter((line) => line.meter === meter && line.chargeClass === 'Regular')
    .reduce((sum, line) => sum + Number(line.consumedQuantity), 0);

const usageOf = async (tenant: TestTenant, period: string) => {
  const response = await api('GET', `/v1/billing/usage?period=${period}`, {
    token: tokenOf(tenant, 'finance'),
  });
  expect(response.status).toBe(200);
  return usageViewSchema.parse(response.body);
};

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
      'agent.handling_minutes': { model: 'flat', unitPrice: '1.15' },
      'seats.active': { model: 'flat', unitPrice: '3.00' },
      'catalogue.fulfilments': { model: 'flat', unitPrice: '12.00' },
      'storage.gb_month': { model: 'flat', unitPrice: '0.023' },
    },
  },
});

const raiseTicket = async (tenant: TestTenant, subject: string, extra: Record<string, unknown> = {}) => {
  const response = await api('POST', '/v1/tickets', {
    token: tokenOf(tenant, 'requester'),
    body: { subject, ...extra },
  });
  expect(response.status).toBe(201);
  return z
    .object({
      id: z.string(),
      createdAt: z.string(),
      type: z.string(),
      catalogueItemId: z.string().optional(),
    })
    .parse(response.body);
};

/** Moves a ticket (reading its current ETag first: routing may have changed it meanwhile). */
const transition = async (
  tenant: TestTenant,
  role: string,
  ticketId: string,
  to: string,
  reason?: string,
) => {
  const token = tokenOf(tenant, role);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const current = await api('GET', `/v1/tickets/${ticketId}`, { token });
    const etag = current.headers.get('etag');
    if (etag === null) throw new Error(`no ETag for ${ticketId}`);
    const moved = await api('POST', `/v1/tickets/${ticketId}/transitions`, {
      token,
      headers: { 'if-match': etag },
      body: reason === undefined ? { to } : { to, reason },
    });
    if (moved.status !== 412) {
      expect(moved.status, moved.text).toBe(200);
      return;
    }
  }
  throw new Error(`could not move ${ticketId} to ${to}`);
};

const logTime = (tenant: TestTenant, ticketId: string, body: unknown, role = 'agent') =>
  api('POST', `/v1/tickets/${ticketId}/time-entries`, { token: tokenOf(tenant, role), body });

describe('agent handling minutes and active seats', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant('meters');
    expect((await api('POST', '/_local/billing/engagements', { body: engagementFor(tenant) })).status).toBe(
      201,
    );
  });

  it('refuses invalid time entries with a problem and writes nothing', async () => {
    const ticket = await raiseTicket(tenant, 'Validation of time entries');
    const now = Date.now();
    const invalid: readonly [unknown, string, number][] = [
      [{ minutes: 0, workedAt: new Date(now).toISOString() }, 'agent', 400],
      [{ minutes: 1441, workedAt: new Date(now).toISOString() }, 'agent', 400],
      [{ minutes: 2.5, workedAt: new Date(now).toISOString() }, 'agent', 400],
      [{ minutes: 10, workedAt: new Date(now + 3_600_000).toISOString() }, 'agent', 400],
      [
        { minutes: 10, workedAt: new Date(Date.parse(ticket.createdAt) - 60_000).toISOString() },
        'agent',
        400,
      ],
      [{ minutes: 10, workedAt: 'yesterday' }, 'agent', 400],
      [{ minutes: 10, workedAt: new Date(now).toISOString(), extra: true }, 'agent', 400],
      [{ minutes: 10, workedAt: new Date(now).toISOString() }, 'requester', 403],
      [{ minutes: 10, workedAt: new Date(now).toISOString() }, 'tenant_admin', 403],
    ];
    for (const [body, role, status] of invalid) {
      const response = await logTime(tenant, ticket.id, body, role);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(
      (await logTime(tenant, 'no-such-ticket', { minutes: 5, workedAt: new Date().toISOString() })).status,
    ).toBe(404);
    const listed = await api('GET', `/v1/tickets/${ticket.id}/time-entries`, {
      token: tokenOf(tenant, 'agent'),
    });
    expect(listed.status).toBe(200);
    expect(z.object({ items: z.array(timeEntrySchema) }).parse(listed.body).items).toEqual([]);
    expect(
      (await api('GET', `/v1/tickets/${ticket.id}/time-entries`, { token: tokenOf(tenant, 'requester') }))
        .status,
    ).toBe(403);
  });

  it('meters logged minutes exactly once and each active person once a month, despite redeliveries', async () => {
    const ticket = await raiseTicket(tenant, 'Laptop will not boot');
    // One batch of the billing queue processed but not acknowledged: SQS redelivers it.
    expect(
      (await api('POST', '/_local/faults/queue-acks', { body: { queue: 'billing-usage', count: 1 } })).status,
    ).toBe(200);
    const entries = [
      { minutes: 30, workedAt: ticket.createdAt, note: 'Diagnosed the disk' },
      { minutes: 45, workedAt: new Date().toISOString() },
      { minutes: 17, workedAt: new Date().toISOString(), note: null },
    ];
    for (const entry of entries) {
      const response = await logTime(tenant, ticket.id, entry);
      expect(response.status).toBe(201);
      expect(timeEntrySchema.parse(response.body)).toMatchObject({
        ticketId: ticket.id,
        minutes: entry.minutes,
        providerId: null,
      });
    }
    // The agent and the requester act again: still two seats.
    for (const role of ['agent', 'requester', 'agent']) {
      const comment = await api('POST', `/v1/tickets/${ticket.id}/comments`, {
        token: tokenOf(tenant, role),
        body: { body: `A word from the ${role}` },
      });
      expect(comment.status).toBe(201);
    }
    const listed = z
      .object({ items: z.array(timeEntrySchema) })
      .parse(
        (await api('GET', `/v1/tickets/${ticket.id}/time-entries`, { token: tokenOf(tenant, 'agent') })).body,
      );
    expect(listed.items.map((item) => item.minutes).sort()).toEqual([17, 30, 45]);
    expect(listed.items.find((item) => item.minutes === 30)?.note).toBe('Diagnosed the disk');

    const minutes = entries.reduce((sum, entry) => sum + entry.minutes, 0);
    const period = periodOf(new Date().toISOString());
    await eventually(async () => {
      const view = await usageOf(tenant, period);
      return lineQuantity(view, 'agent.handling_minutes') === minutes &&
        lineQuantity(view, 'seats.active') === 2
        ? true
        : undefined;
    }, 30_000);
    // Past the visibility timeout (15 s) the unacknowledged batch is back: nothing changes.
    await new Promise((resolve) => setTimeout(resolve, 18_000));
    const after = await usageOf(tenant, period);
    expect(lineQuantity(after, 'agent.handling_minutes')).toBe(minutes);
    expect(lineQuantity(after, 'seats.active')).toBe(2);
    expect(lineQuantity(after, 'tickets.created')).toBe(2);
    const line = after.engagements[0]?.statement.lines.find(
      (each) => each.meter === 'agent.handling_minutes',
    );
    expect(line?.amount).toBe((minutes * 1.15).toFixed(2));
  }, 90_000);
});

describe('catalogue fulfilments', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant('catalogue');
    expect((await api('POST', '/_local/billing/engagements', { body: engagementFor(tenant) })).status).toBe(
      201,
    );
    const admin = tokenOf(tenant, 'tenant_admin');
    for (const [itemId, body] of [
      ['laptop', { name: 'Standard laptop', service: 'Hardware', skuHint: 'catalogue.fulfilments' }],
      ['pager', { name: 'Pager', active: false }],
    ] as const) {
      const response = await api('PUT', `/v1/catalogue/items/${itemId}`, { token: admin, body });
      expect(response.status).toBe(200);
    }
  });

  it('lets tenant admins define the catalogue and requesters read what they can order', async () => {
    const itemsOf = async (role: string) => {
      const response = await api('GET', '/v1/catalogue', { token: tokenOf(tenant, role) });
      expect(response.status).toBe(200);
      return z
        .object({ items: z.array(z.object({ id: z.string(), active: z.boolean() })) })
        .parse(response.body)
        .items.map((item) => item.id)
        .sort();
    };
    expect(await itemsOf('requester')).toEqual(['laptop']);
    expect(await itemsOf('tenant_admin')).toEqual(['laptop', 'pager']);
    const refused = await api('PUT', '/v1/catalogue/items/phone', {
      token: tokenOf(tenant, 'requester'),
      body: { name: 'Phone' },
    });
    expect(refused.status).toBe(403);
    const other = await createTestTenant('catalogue-other');
    expect((await api('GET', '/v1/catalogue', { token: tokenOf(other, 'requester') })).body).toEqual({
      items: [],
    });
  });

  it('refuses an order of an unknown or retired item, or from a ticket that is not a service request', async () => {
    for (const body of [
      { subject: 'x', catalogueItemId: 'no-such-item' },
      { subject: 'x', catalogueItemId: 'pager' },
      { subject: 'x', catalogueItemId: 'laptop', type: 'incident' },
    ]) {
      const response = await api('POST', '/v1/tickets', { token: tokenOf(tenant, 'requester'), body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('bills one fulfilment per ordered request at its first resolution, reopened or not', async () => {
    const reopened = await raiseTicket(tenant, 'New laptop for Ann', { catalogueItemId: 'laptop' });
    expect(reopened).toMatchObject({ type: 'service_request', catalogueItemId: 'laptop' });
    const once = await raiseTicket(tenant, 'New laptop for Bob', { catalogueItemId: 'laptop' });
    const unresolved = await raiseTicket(tenant, 'New laptop for Cid', { catalogueItemId: 'laptop' });
    const plain = await raiseTicket(tenant, 'Printer jammed');
    await transition(tenant, 'agent', reopened.id, 'resolved');
    await transition(tenant, 'requester', reopened.id, 'in_progress', 'The laptop has no charger');
    await transition(tenant, 'agent', reopened.id, 'resolved');
    await transition(tenant, 'agent', once.id, 'resolved');
    await transition(tenant, 'agent', unresolved.id, 'in_progress');
    await transition(tenant, 'agent', plain.id, 'resolved');

    const period = periodOf(new Date().toISOString());
    const view = await eventually(async () => {
      const current = await usageOf(tenant, period);
      // Every transition also makes its actor an active seat: wait for all of them, then judge.
      // The four tickets' TicketCreated usage travels its own way through the queue: wait for it too.
      return lineQuantity(current, 'catalogue.fulfilments') >= 2 &&
        lineQuantity(current, 'seats.active') === 2 &&
        lineQuantity(current, 'tickets.created') >= 4
        ? current
        : undefined;
    }, 50_000);
    // The re-resolution's event may still be in flight: give it time, it must change nothing.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const after = await usageOf(tenant, period);
    expect(lineQuantity(after, 'catalogue.fulfilments')).toBe(2);
    expect(
      after.engagements[0]?.statement.lines.find((line) => line.meter === 'catalogue.fulfilments'),
    ).toMatchObject({
      consumedQuantity: '2',
      amount: '24.00',
    });
    expect(lineQuantity(after, 'tickets.created')).toBe(lineQuantity(view, 'tickets.created'));
  }, 90_000);
});

describe('attachment storage in GB-month', () => {
  let tenant: TestTenant;
  const bytes = 300_000;
  /** How long the storage meter may take to show a usage event under the whole suite's load. */
  const STORAGE_METER_WAIT_MS = 120_000;

  beforeAll(async () => {
    tenant = await createTestTenant('storage');
    expect((await api('POST', '/_local/billing/engagements', { body: engagementFor(tenant) })).status).toBe(
      201,
    );
  });

  /** The expected GB-months of `size` bytes from `from` to the end of its month, independently of the code. */
  const expectedPartial = (size: number, from: string): number => {
    const period = periodOf(from);
    const start = Date.parse(periodStart(period));
    const end = Date.parse(periodEnd(period));
    return (size * ((end - Date.parse(from)) / (end - start))) / 1e9;
  };

  it('meters an upload once, from the instant storage created the object, when the upload completes', async () => {
    const requester = tokenOf(tenant, 'requester');
    const ticket = await raiseTicket(tenant, 'Screenshot of the error');
    const declared = await api('POST', `/v1/tickets/${ticket.id}/attachments`, {
      token: requester,
      body: { fileName: 'error.png', contentType: 'image/png', sizeBytes: bytes },
    });
    expect(declared.status, declared.text).toBe(201);
    const { attachment, upload } = z
      .object({
        attachment: z.object({ id: z.string() }),
        upload: z.object({ url: z.string(), headers: z.record(z.string(), z.string()) }),
      })
      .parse(declared.body);
    const completePath = `/v1/tickets/${ticket.id}/attachments/${attachment.id}/complete`;
    // Nothing uploaded yet: nothing to meter.
    expect((await api('POST', completePath, { token: requester })).status).toBe(409);
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: upload.headers,
      body: Buffer.alloc(bytes, 7),
    });
    expect(put.status).toBe(200);
    const completed = await api('POST', completePath, { token: requester });
    expect(completed.status, completed.text).toBe(200);
    const { storedBytes, storedAt } = z
      .object({ storedBytes: z.number(), storedAt: z.string() })
      .parse(completed.body);
    expect(storedBytes).toBe(bytes);
    // Completing again (a client retry) emits nothing more.
    expect((await api('POST', completePath, { token: requester })).status).toBe(200);
    expect((await api('POST', completePath, { token: tokenOf(tenant, 'agent') })).status).toBe(200);

    const period = periodOf(storedAt);
    const expected = expectedPartial(bytes, storedAt);
    // Two asynchronous hops (outbox → stream relay → bus, then queue → aggregator) on a CI machine
    // that runs the whole suite beside them: the meter is awaited for what it asserts, generously.
    const view = await eventually(async () => {
      const current = await usageOf(tenant, period);
      return lineQuantity(current, 'storage.gb_month') > 0 ? current : undefined;
    }, STORAGE_METER_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await usageOf(tenant, period);
    expect(lineQuantity(after, 'storage.gb_month')).toBe(lineQuantity(view, 'storage.gb_month'));
    expect(lineQuantity(after, 'storage.gb_month')).toBeCloseTo(expected, 9);
  }, 150_000);

  it('carries storage of earlier months as whole months, and counts a redelivered event once', async () => {
    const other = await createTestTenant('storage-carry');
    expect((await api('POST', '/_local/billing/engagements', { body: engagementFor(other) })).status).toBe(
      201,
    );
    const current = periodOf(new Date().toISOString());
    const last = previousPeriod(current);
    const storedAt = new Date(Date.parse(periodStart(last)) + 10 * 86_400_000).toISOString();
    const event = {
      detailType: 'AttachmentStored',
      detail: {
        eventId: `evt-storage-${other.id}`,
        tenantId: other.id,
        occurredAt: storedAt,
        version: 1,
        correlationId: 'corr-storage',
        aggregateId: 'ticket-1',
        aggregateVersion: 1,
        ticket: { ticketId: 'ticket-1', number: 1, requesterId: 'someone' },
        attachmentId: 'att-1',
        bytes: 2_500_000_000,
        storedAt,
      },
    };
    for (let delivery = 0; delivery < 3; delivery += 1) {
      expect((await api('POST', '/_local/events', { body: { entries: [event] } })).status).toBe(200);
    }
    const lastView = await eventually(async () => {
      const view = await usageOf(other, last);
      return lineQuantity(view, 'storage.gb_month') > 0 ? view : undefined;
    }, STORAGE_METER_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(lineQuantity(await usageOf(other, last), 'storage.gb_month')).toBe(
      lineQuantity(lastView, 'storage.gb_month'),
    );
    expect(lineQuantity(lastView, 'storage.gb_month')).toBeCloseTo(
      expectedPartial(2_500_000_000, storedAt),
      9,
    );
    // This month: the 2.5 GB were held the whole month.
    const currentView = await usageOf(other, current);
    expect(lineQuantity(currentView, 'storage.gb_month')).toBe(2.5);
    expect(
      currentView.engagements[0]?.statement.lines.find((line) => line.meter === 'storage.gb_month')?.amount,
    ).toBe('0.06');
  }, 150_000);
});

describe("engagement terms from tenancy's engagements and price books by reference", () => {
  it('bills by the price book the engagement names, with the engagement precedence', async () => {
    const tenant = await createTestTenant('terms');
    const primary = await createTestProvider('terms-primary');
    const secondary = await createTestProvider('terms-secondary');
    const bookOf = (priceBookId: string, unitPrice: string) => ({
      priceBookId,
      currency: 'EUR',
      minimumMonthlyCommitment: '0',
      prices: { 'tickets.created': { model: 'flat', unitPrice } },
    });
    const putBook = (
      provider: { tokens: Record<string, string> },
      ref: string,
      providerId: string,
      price: string,
    ) =>
      api('PUT', `/v1/billing/price-books/${ref}`, {
        token: provider.tokens.provider_finance ?? '',
        body: { providerId, priceBook: bookOf(ref, price) },
      });
    // Provider finance manages its own books only.
    expect((await putBook(secondary, `pb-${primary.id}`, primary.id, '0.01')).status).toBe(403);
    expect((await putBook(primary, `pb-${primary.id}`, primary.id, '3.00')).status).toBe(200);
    const platformToken = localStack().platform.tokens.platform_finance;
    if (platformToken === undefined) throw new Error('no platform finance token');
    const byPlatform = await api('PUT', `/v1/billing/price-books/pb-${secondary.id}`, {
      token: platformToken,
      body: { providerId: secondary.id, priceBook: bookOf(`pb-${secondary.id}`, '1.00') },
    });
    expect(byPlatform.status).toBe(200);

    const engage = async (providerId: string, precedence: number) => {
      const response = await api('POST', '/v1/tenant/engagements', {
        token: tokenOf(tenant, 'tenant_admin'),
        body: {
          providerId,
          slaPolicyRef: 'sla-gold',
          calendarRef: 'cal-business',
          priceBookRef: `pb-${providerId}`,
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          precedence,
        },
      });
      expect(response.status, response.text).toBe(201);
      return z.object({ engagementId: z.string(), precedence: z.number() }).parse(response.body);
    };
    // The cheaper secondary desk would win on recency; precedence makes the primary bill.
    const first = await engage(primary.id, 1);
    expect(first.precedence).toBe(1);
    await engage(secondary.id, 2);

    for (const subject of ['Keyboard broken', 'Mouse broken']) await raiseTicket(tenant, subject);
    const period = periodOf(new Date().toISOString());
    const view = await eventually(async () => {
      const current = await usageOf(tenant, period);
      return lineQuantity(current, 'tickets.created') === 2 ? current : undefined;
    }, 30_000);
    const billed = view.engagements.find((each) => each.statement.engagementId === first.engagementId);
    expect(billed?.statement).toMatchObject({ providerId: primary.id, total: '6.00' });
    expect(view.engagements.map((each) => each.statement.providerId).sort()).toEqual(
      [primary.id, secondary.id].sort(),
    );
    // The provider's finance sees its client through the same terms.
    const providerView = usageViewSchema.parse(
      (
        await api('GET', `/v1/billing/usage?period=${period}`, {
          token: primary.tokens.provider_finance ?? '',
        })
      ).body,
    );
    expect(providerView.engagements.map((each) => each.statement.engagementId)).toEqual([first.engagementId]);
  }, 60_000);
});
