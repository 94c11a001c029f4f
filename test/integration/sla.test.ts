/**
 * The SLA engine on the local stack: calendars and policies through the admin API, clocks on a
 * new ticket, and timers — a short 24x7 test policy warns at 75 % and 90 % and breaches, each
 * exactly once, in order, within about a tick of the due instant, and the breach escalates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policySchema, ticketSlaSchema } from '../../shared/api/sla.ts';
import { slaReportSchema } from '../../shared/api/sla-reports.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});
const milestoneEventSchema = z.object({
  occurredAt: z.string(),
  milestone: z.object({
    ticketId: z.string(),
    milestoneKey: z.string(),
    kind: z.string(),
    threshold: z.number(),
    dueAt: z.string(),
    firedAt: z.string(),
  }),
});
const escalatedSchema = z.object({ escalation: z.object({ ticketId: z.string(), tier: z.number() }) });

const TICK_MS = 1000;
const targets = (resolutionSeconds: number) => ({
  firstResponseSeconds: 3600,
  resolutionSeconds,
});

const eventsOf = async () => stateSchema.parse((await api('GET', '/_local/state')).body).events;

describe('SLA calendars and policies (tenant admins)', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await createTestTenant('sla-admin');
  });

  it('stores and lists a calendar; refuses a bad zone and non-admins', async () => {
    const admin = tokenOf(tenant, 'tenant_admin');
    const body = {
      name: 'Paris office',
      timeZone: 'Europe/Paris',
      weeklyHours: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      },
      publicHolidays: { country: 'FR' },
    };
    const put = await api('PUT', '/v1/sla/calendars/paris', { token: admin, body });
    expect(put.status).toBe(200);
    const list = await api('GET', '/v1/sla/calendars', { token: admin });
    expect(list.body).toMatchObject({ items: [{ calendarId: 'paris', timeZone: 'Europe/Paris' }] });
    const bad = await api('PUT', '/v1/sla/calendars/mars', {
      token: admin,
      body: { ...body, timeZone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(400);
    const agent = await api('PUT', '/v1/sla/calendars/paris', { token: tokenOf(tenant, 'agent'), body });
    expect(agent.status).toBe(403);
  });

  it('versions a policy on every change and refuses unknown calendars', async () => {
    const admin = tokenOf(tenant, 'tenant_admin');
    const body = {
      name: 'Gold',
      calendarId: 'paris',
      targets: { critical: targets(3600), high: targets(7200), medium: targets(14400), low: targets(28800) },
    };
    const v1 = policySchema.parse((await api('PUT', '/v1/sla/policies/gold', { token: admin, body })).body);
    const v2 = policySchema.parse(
      (await api('PUT', '/v1/sla/policies/gold', { token: admin, body: { ...body, name: 'Gold (fixed)' } }))
        .body,
    );
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1.pausingStatuses).toEqual(['awaiting_requester', 'awaiting_vendor']);
    expect(v1.warningThresholds).toEqual([0.75, 0.9]);
    const list = await api('GET', '/v1/sla/policies', { token: admin });
    expect(list.body).toMatchObject({ items: [{ policyId: 'gold', version: 2, name: 'Gold (fixed)' }] });
    const unknown = await api('PUT', '/v1/sla/policies/silver', {
      token: admin,
      body: { ...body, calendarId: 'nowhere' },
    });
    expect(unknown.status).toBe(400);
  });
});

describe('SLA timers on a short 24x7 test policy', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await createTestTenant('sla-timers');
    const body = {
      name: 'Test policy: seconds',
      calendarId: '24x7',
      targets: { critical: targets(4), high: targets(4), medium: targets(4), low: targets(4) },
    };
    const put = await api('PUT', '/v1/sla/policies/default', {
      token: tokenOf(tenant, 'tenant_admin'),
      body,
    });
    expect(put.status).toBe(200);
  });

  it('warns at 75 % and 90 % and breaches, once each, in order, about a tick after due; then escalates', async () => {
    const requester = tokenOf(tenant, 'requester');
    const ticket = ticketSchema.parse(
      (await api('POST', '/v1/tickets', { token: requester, body: { subject: 'Printer on fire' } })).body,
    );
    const agent = tokenOf(tenant, 'agent');
    const running = await eventually(async () => {
      const response = await api('GET', `/v1/tickets/${ticket.id}/sla`, { token: agent });
      return response.status === 200 ? ticketSlaSchema.parse(response.body) : undefined;
    });
    expect(running.resolution).toMatchObject({ targetSeconds: 4, calendarId: '24x7' });
    expect(running.resolution.startedAt).toBe(ticket.createdAt);

    const escalated = await eventually(async () => {
      const events = await eventsOf();
      return events.find(
        (event) =>
          event.detailType === 'SlaEscalated' &&
          escalatedSchema.parse(event.detail).escalation.ticketId === ticket.id,
      );
    }, 20_000);
    expect(escalatedSchema.parse(escalated.detail).escalation.tier).toBe(1);

    // Let a few more sweeps run over the same (now fired) milestones: nothing fires twice.
    await new Promise((resolve) => setTimeout(resolve, 3 * TICK_MS));
    const milestones = (await eventsOf())
      .filter((event) => event.detailType === 'SlaWarning' || event.detailType === 'SlaBreached')
      .map((event) => milestoneEventSchema.parse(event.detail))
      .filter(
        (event) =>
          event.milestone.ticketId === ticket.id && event.milestone.milestoneKey.startsWith('resolution'),
      );
    expect(milestones.map((event) => [event.milestone.kind, event.milestone.threshold])).toEqual([
      ['warning', 0.75],
      ['warning', 0.9],
      ['breach', 1],
    ]);
    const created = Date.parse(ticket.createdAt);
    for (const event of milestones) {
      const due = Date.parse(event.milestone.dueAt);
      expect(due).toBe(created + event.milestone.threshold * 4000);
      const lateness = Date.parse(event.milestone.firedAt) - due;
      expect(lateness).toBeGreaterThanOrEqual(0);
      // One tick, plus slack for a machine shared by several engineers' test runs.
      expect(lateness).toBeLessThan(3 * TICK_MS);
    }
    const escalations = (await eventsOf()).filter(
      (event) =>
        event.detailType === 'SlaEscalated' &&
        escalatedSchema.parse(event.detail).escalation.ticketId === ticket.id,
    );
    expect(escalations).toHaveLength(1);

    const breached = ticketSlaSchema.parse(
      (await api('GET', `/v1/tickets/${ticket.id}/sla`, { token: agent })).body,
    );
    expect(breached.resolution).toMatchObject({ status: 'running', breached: true, remainingSeconds: 0 });
  });

  it('lets tenant admins (not agents) repair a ticket by replay, without refiring fired milestones', async () => {
    const ticket = ticketSchema.parse(
      (
        await api('POST', '/v1/tickets', {
          token: tokenOf(tenant, 'requester'),
          body: { subject: 'VPN down' },
        })
      ).body,
    );
    const admin = tokenOf(tenant, 'tenant_admin');
    await eventually(async () => {
      const response = await api('GET', `/v1/tickets/${ticket.id}/sla`, { token: admin });
      return response.status === 200 ? true : undefined;
    });
    const denied = await api('POST', `/v1/tickets/${ticket.id}/sla/recompute`, {
      token: tokenOf(tenant, 'agent'),
      body: {},
    });
    expect(denied.status).toBe(403);
    await eventually(async () => {
      const events = await eventsOf();
      return events.some(
        (event) =>
          event.detailType === 'SlaBreached' &&
          milestoneEventSchema.parse(event.detail).milestone.ticketId === ticket.id,
      )
        ? true
        : undefined;
    }, 20_000);
    const repaired = await api('POST', `/v1/tickets/${ticket.id}/sla/recompute`, {
      token: admin,
      body: { adoptLatestPolicy: true },
    });
    expect(repaired.status).toBe(200);
    expect(ticketSlaSchema.parse(repaired.body).resolution.breached).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 3 * TICK_MS));
    const breaches = (await eventsOf()).filter(
      (event) =>
        event.detailType === 'SlaBreached' &&
        milestoneEventSchema.parse(event.detail).milestone.ticketId === ticket.id,
    );
    expect(
      breaches.filter(
        (event) => milestoneEventSchema.parse(event.detail).milestone.milestoneKey === 'resolution-e2e-100',
      ),
    ).toHaveLength(1);
  });

  it('reports the breaches in the compliance report (per priority and in total)', async () => {
    const response = await api('GET', '/v1/reports/sla', { token: tokenOf(tenant, 'agent') });
    expect(response.status).toBe(200);
    const report = slaReportSchema.parse(response.body);
    const medium = report.rows.find((row) => row.priority === 'medium');
    expect(medium?.tickets).toBe(2);
    expect(medium?.resolution).toMatchObject({ measured: 2, met: 0, breached: 2, compliancePercent: 0 });
    expect(medium?.firstResponse).toMatchObject({ measured: 0, compliancePercent: null });
    expect(report.rows.at(-1)).toMatchObject({ priority: 'all', tickets: 2 });
    const requester = await api('GET', '/v1/reports/sla', { token: tokenOf(tenant, 'requester') });
    expect(requester.status).toBe(403);
  });
});
