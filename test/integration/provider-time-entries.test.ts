/**
 * Provider agents log time on an engaged tenant's tickets, through the API on the local stack:
 * the entry carries the provider, and its minutes reach the tenant's live usage as agent
 * handling minutes on THAT provider's engagement (event → outbox → bus → billing queue →
 * aggregator). A provider without an engagement with the tenant cannot log anything.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { usageViewSchema } from '../../shared/api/billing.ts';
import { timeEntrySchema } from '../../shared/api/ticket-time-entries.ts';
import { periodOf } from '../../shared/domain/billing/usage-fact.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';
import { createTestProvider, raiseTicket, type TestProvider } from '../support/tenancy-fixtures.ts';

const handlingMinutesOn = (view: z.infer<typeof usageViewSchema>, engagementId: string) =>
  view.engagements
    .filter((engagement) => engagement.statement.engagementId === engagementId)
    .flatMap((engagement) => engagement.statement.lines)
    .filter((line) => line.meter === 'agent.handling_minutes' && line.chargeClass === 'Regular')
    .reduce((sum, line) => sum + Number(line.consumedQuantity), 0);

const usageOf = async (tenant: TestTenant, period: string) => {
  const response = await api('GET', `/v1/billing/usage?period=${period}`, {
    token: tokenOf(tenant, 'finance'),
  });
  expect(response.status, response.text).toBe(200);
  return usageViewSchema.parse(response.body);
};

const tokenOfProvider = (provider: TestProvider, role: string): string => {
  const token = provider.tokens[role];
  if (token === undefined) throw new Error(`no ${role} token for ${provider.id}`);
  return token;
};

const logProviderTime = (provider: TestProvider, tenantId: string, ticketId: string, body: unknown) =>
  api('POST', `/v1/provider/tenants/${tenantId}/tickets/${ticketId}/time-entries`, {
    token: tokenOfProvider(provider, 'provider_agent'),
    body,
  });

describe('provider agents log time on engaged tenant tickets', () => {
  it("bills a provider agent's minutes to that provider's engagement", async () => {
    const tenant = await createTestTenant('prov-time');
    const provider = await createTestProvider('prov-time');
    const stranger = await createTestProvider('prov-time-stranger');
    const ref = `pb-${provider.id}`;
    const book = await api('PUT', `/v1/billing/price-books/${ref}`, {
      token: tokenOfProvider(provider, 'provider_finance'),
      body: {
        providerId: provider.id,
        priceBook: {
          priceBookId: ref,
          currency: 'EUR',
          minimumMonthlyCommitment: '0',
          prices: { 'agent.handling_minutes': { model: 'flat', unitPrice: '1.00' } },
        },
      },
    });
    expect(book.status, book.text).toBe(200);
    const engaged = await api('POST', '/v1/tenant/engagements', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: {
        providerId: provider.id,
        slaPolicyRef: 'sla-gold',
        calendarRef: 'cal-business',
        priceBookRef: ref,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    expect(engaged.status, engaged.text).toBe(201);
    const { engagementId } = z.object({ engagementId: z.string() }).parse(engaged.body);

    const ticketId = await raiseTicket(tenant);
    const workedAt = new Date().toISOString();
    const period = periodOf(workedAt);
    const before = handlingMinutesOn(await usageOf(tenant, period), engagementId);

    // A provider with no engagement with the tenant: the same 404 as a missing ticket, nothing logged.
    const refused = await logProviderTime(stranger, tenant.id, ticketId, { minutes: 45, workedAt });
    expect(refused.status, refused.text).toBe(404);

    const logged = await logProviderTime(provider, tenant.id, ticketId, {
      minutes: 30,
      workedAt,
      note: 'Replaced the toner',
    });
    expect(logged.status, logged.text).toBe(201);
    const entry = timeEntrySchema.parse(logged.body);
    expect(entry).toMatchObject({ ticketId, providerId: provider.id, minutes: 30 });

    // The tenant's agents see the provider's entry among the ticket's time entries.
    const listed = await api('GET', `/v1/tickets/${ticketId}/time-entries`, {
      token: tokenOf(tenant, 'agent'),
    });
    expect(listed.status).toBe(200);
    expect(z.object({ items: z.array(timeEntrySchema) }).parse(listed.body).items).toEqual([entry]);

    const after = await eventually(async () => {
      const minutes = handlingMinutesOn(await usageOf(tenant, period), engagementId);
      return minutes >= before + 30 ? minutes : undefined;
    }, 30_000);
    expect(after).toBe(before + 30);
  }, 60_000);
});
