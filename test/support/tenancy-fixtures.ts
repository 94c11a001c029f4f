/** Test helpers for tenancy: fresh providers, engagements and raw tokens on the local stack. */
import { z } from 'zod';
import { api, type TestTenant, tokenOf } from './local-stack.ts';

export interface TestProvider {
  readonly id: string;
  readonly tokens: Readonly<Record<string, string>>;
}

export const createTestProvider = async (prefix: string): Promise<TestProvider> => {
  const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const response = await api('POST', '/_local/providers', { body: { id, name: `Provider ${prefix}` } });
  if (response.status !== 201) throw new Error(`could not create provider ${id}: ${response.text}`);
  return z.object({ id: z.string(), tokens: z.record(z.string(), z.string()) }).parse(response.body);
};

/** A token minted now: a new Authorization header, so no cached authoriser decision applies. */
export const freshToken = async (
  issuer: string,
  subject: string,
  roles: readonly string[],
): Promise<string> => {
  const response = await api('POST', '/_local/tokens', { body: { issuer, subject, claims: { roles } } });
  return z.object({ token: z.string() }).parse(response.body).token;
};

export const engage = async (
  tenant: TestTenant,
  providerId: string,
  scope: { services?: string[]; categories?: string[] } = {},
): Promise<string> => {
  const response = await api('POST', '/v1/tenant/engagements', {
    token: tokenOf(tenant, 'tenant_admin'),
    body: {
      providerId,
      scope: { services: scope.services ?? [], categories: scope.categories ?? [] },
      slaPolicyRef: 'sla-gold',
      calendarRef: 'cal-business',
      priceBookRef: 'pb-2026',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  if (response.status !== 201) throw new Error(`engagement failed: ${response.status} ${response.text}`);
  return z.object({ engagementId: z.string() }).parse(response.body).engagementId;
};

export const raiseTicket = async (
  tenant: TestTenant,
  fields: { service?: string; category?: string } = {},
): Promise<string> => {
  const response = await api('POST', '/v1/tickets', {
    token: tokenOf(tenant, 'requester'),
    body: { subject: 'Printer on fire', ...fields },
  });
  if (response.status !== 201) throw new Error(`ticket failed: ${response.status} ${response.text}`);
  return z.object({ id: z.string() }).parse(response.body).id;
};
