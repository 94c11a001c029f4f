/**
 * The tenant a request acts in comes from the token's issuer and nothing else: not from the
 * body, the query string, another header, or a claim the tenant's own IdP puts in the token.
 * A token of tenant A replayed against tenant B's resources finds nothing and writes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, createTestTenant, type TestTenant, tokenOf } from '../support/local-stack.ts';
import { freshToken, raiseTicket } from '../support/tenancy-fixtures.ts';

const pageIds = (body: unknown): string[] =>
  z
    .object({ items: z.array(z.object({ id: z.string() })) })
    .parse(body)
    .items.map((item) => item.id);

const SPOOF_HEADERS = {
  'x-tenant-id': '',
  'x-guichet-tenant-id': '',
  tenant: '',
  'x-amzn-requestcontext-authorizer-tenantid': '',
};
const spoofing = (tenantId: string): Record<string, string> =>
  Object.fromEntries(Object.keys(SPOOF_HEADERS).map((name) => [name, tenantId]));

describe('tenant context comes only from the token', () => {
  let a: TestTenant;
  let b: TestTenant;
  let bTicket: string;

  beforeAll(async () => {
    a = await createTestTenant('ctx-a');
    b = await createTestTenant('ctx-b');
    bTicket = await raiseTicket(b);
    await raiseTicket(a);
  });

  const bQueue = async () => pageIds((await api('GET', '/v1/tickets', { token: tokenOf(b, 'agent') })).body);

  it("ignores other headers naming another tenant: A's agent still sees A only", async () => {
    const response = await api('GET', '/v1/tickets', { token: tokenOf(a, 'agent'), headers: spoofing(b.id) });
    expect(response.status).toBe(200);
    expect(pageIds(response.body)).not.toContain(bTicket);
    const direct = await api('GET', `/v1/tickets/${bTicket}`, {
      token: tokenOf(a, 'agent'),
      headers: spoofing(b.id),
    });
    expect(direct.status).toBe(404);
  });

  it('refuses a tenant in the query string or the body, and writes nothing to the other tenant', async () => {
    const before = await bQueue();
    expect((await api('GET', `/v1/tickets?tenantId=${b.id}`, { token: tokenOf(a, 'agent') })).status).toBe(
      400,
    );
    const posted = await api('POST', '/v1/tickets', {
      token: tokenOf(a, 'requester'),
      body: { subject: 'into B?', tenantId: b.id },
    });
    expect(posted.status).toBe(400);
    expect(await bQueue()).toEqual(before);
  });

  it("ignores a tenant claim minted by A's own IdP", async () => {
    const before = await bQueue();
    const minted = await api('POST', '/_local/tokens', {
      body: { issuer: a.id, subject: 'mallory', claims: { roles: ['requester'], tenantId: b.id, tid: b.id } },
    });
    const token = z.object({ token: z.string() }).parse(minted.body).token;
    const created = await api('POST', '/v1/tickets', { token, body: { subject: 'where am I?' } });
    expect(created.status).toBe(201);
    const id = z.object({ id: z.string() }).parse(created.body).id;
    expect(await bQueue()).toEqual(before);
    expect((await api('GET', `/v1/tickets/${id}`, { token: tokenOf(a, 'agent') })).status).toBe(200);
  });

  it("replays A's tokens of every role against B's ticket: 404 each time, never 403, nothing written", async () => {
    const before = await bQueue();
    for (const role of ['requester', 'agent', 'tenant_admin', 'delegated_admin']) {
      const token = await freshToken(a.id, `replay-${role}`, [role]);
      expect((await api('GET', `/v1/tickets/${bTicket}`, { token })).status).toBe(404);
    }
    expect(await bQueue()).toEqual(before);
  });
});
