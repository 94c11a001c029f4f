/**
 * Triage at intake over HTTP: the tenant's keyword rules classify what the requester left out,
 * look-alike tickets of the same requester are linked as possible duplicates (never merged),
 * and agents link parents, children and related tickets both ways.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

describe('triage at intake', () => {
  let tenant: TestTenant;
  let requester: string;
  let agent: string;

  beforeAll(async () => {
    tenant = await createTestTenant('triage');
    requester = tokenOf(tenant, 'requester');
    agent = tokenOf(tenant, 'agent');
  });

  const raise = async (body: Record<string, unknown>, token = requester) =>
    ticketSchema.parse((await api('POST', '/v1/tickets', { token, body })).body);

  it('classifies with the tenant rules only what the requester left out', async () => {
    const rules = [
      {
        ruleId: 'access',
        keywords: ['password', 'locked out'],
        setType: 'service_request',
        setCategory: 'access',
      },
      {
        ruleId: 'net',
        keywords: ['vpn'],
        setType: 'incident',
        setCategory: 'network',
        setService: 'remote-access',
      },
    ];
    expect((await api('PUT', '/v1/triage/rules', { token: requester, body: { rules } })).status).toBe(403);
    const saved = await api('PUT', '/v1/triage/rules', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { rules },
    });
    expect(saved.status, saved.text).toBe(200);
    expect((await api('GET', '/v1/triage/rules', { token: agent })).body).toEqual({ rules });

    expect(await raise({ subject: 'I am locked out of my account' })).toMatchObject({
      type: 'service_request',
      category: 'access',
      classifiedBy: 'access',
    });
    expect(await raise({ subject: 'VPN keeps asking for my Password', type: 'question' })).toMatchObject({
      type: 'question',
      category: 'access',
      classifiedBy: 'access',
    });
    expect(await raise({ subject: 'Coffee machine empty' })).toMatchObject({
      type: 'incident',
      category: null,
      classifiedBy: null,
    });
  });

  it('links a look-alike of the same requester as a possible duplicate, without merging', async () => {
    const first = await raise({ subject: 'Outlook crashes on start' });
    const second = await raise({ subject: 'outlook crashes on start!!' });
    expect(second.id).not.toBe(first.id);
    expect(second.links).toEqual([{ kind: 'possible_duplicate_of', ticketId: first.id }]);
    const unrelated = await raise({ subject: 'Need a second monitor' });
    expect(unrelated.links).toEqual([]);
  });

  it('links parent and child both ways, recorded in both histories', async () => {
    const outage = await raise({ subject: 'Site-wide Wi-Fi outage' }, agent);
    const report = await raise({ subject: 'No Wi-Fi on floor 3' });
    // The router answers `TicketCreated` with its decision (routed or not), which bumps the
    // version: link settled tickets, or the link races it and rightly answers 412.
    for (const ticket of [outage, report]) {
      await eventually(async () => {
        const read = ticketSchema.parse(
          (await api('GET', `/v1/tickets/${ticket.id}`, { token: agent })).body,
        );
        return read.version > 1 ? read : undefined;
      });
    }
    const linked = await api('POST', `/v1/tickets/${report.id}/links`, {
      token: agent,
      body: { kind: 'parent', ticketId: outage.id },
    });
    expect(linked.status, linked.text).toBe(200);
    expect(ticketSchema.parse(linked.body).links).toContainEqual({ kind: 'parent', ticketId: outage.id });
    const parent = ticketSchema.parse((await api('GET', `/v1/tickets/${outage.id}`, { token: agent })).body);
    expect(parent.links).toContainEqual({ kind: 'child', ticketId: report.id });
    const history = await api('GET', `/v1/tickets/${outage.id}/history`, { token: agent });
    expect(JSON.stringify(history.body)).toContain(`"linkedTicketId":"${report.id}"`);

    const again = await api('POST', `/v1/tickets/${report.id}/links`, {
      token: agent,
      body: { kind: 'parent', ticketId: outage.id },
    });
    expect(again.status).toBe(409);
    const self = await api('POST', `/v1/tickets/${report.id}/links`, {
      token: agent,
      body: { kind: 'related', ticketId: report.id },
    });
    expect(self.status).toBe(409);
    const byRequester = await api('POST', `/v1/tickets/${report.id}/links`, {
      token: requester,
      body: { kind: 'related', ticketId: outage.id },
    });
    expect(byRequester.status).toBe(403);
  });
});
