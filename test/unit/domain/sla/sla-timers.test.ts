/**
 * Timers at the service and sweeper level, with a controllable clock and in-memory ports that
 * keep the adapters' conditional-write semantics (fired marker, timer moved): pausing before a
 * warning postpones it, overlapping sweeps and a sweep that crashed half way fire nothing twice.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, OutgoingEvent } from '../../../../shared/domain/shared/ports.ts';
import type { BusinessCalendar } from '../../../../shared/domain/sla/business-calendar.ts';
import {
  type DueMilestone,
  type DueMilestoneIndex,
  type FireOutcome,
  type MilestoneFiring,
  sweepDueMilestones,
} from '../../../../shared/domain/sla/milestone-sweeper.ts';
import {
  type MilestoneTimer,
  type SlaRepository,
  SlaService,
  type StoredSlaPolicy,
  type TicketSlaState,
} from '../../../../shared/domain/sla/sla-service.ts';
import type { TenantPrincipal } from '../../../../shared/domain/tenancy/principal.ts';

class MovableClock implements Clock {
  constructor(public current: number) {}
  now(): Date {
    return new Date(this.current);
  }
}

/** Timers and fired markers as the DynamoDB adapters keep them, conditions included. */
class InMemorySla implements SlaRepository, DueMilestoneIndex, MilestoneFiring {
  readonly shards = 2;
  readonly policies: StoredSlaPolicy[] = [];
  readonly states = new Map<string, TicketSlaState>();
  readonly timers = new Map<string, DueMilestone>();
  readonly fired = new Map<string, string>();
  readonly emitted: OutgoingEvent[] = [];
  failAfterFires = Number.POSITIVE_INFINITY;

  putCalendar = async () => {};
  findCalendar = async (): Promise<BusinessCalendar | undefined> => undefined;
  listCalendars = async () => [];
  addPolicyVersion = async (_tenantId: string, policy: StoredSlaPolicy) => {
    this.policies.push(policy);
  };
  findPolicy = async (_tenantId: string, policyId: string, version?: number) =>
    this.policies
      .filter((p) => p.policyId === policyId && (version === undefined || p.version === version))
      .at(-1);
  listPolicies = async () => this.policies;
  listSummaries = async () => [];
  findTicketSla = async (tenantId: string, ticketId: string) => {
    const state = this.states.get(`${tenantId}/${ticketId}`);
    if (state === undefined) return undefined;
    const prefix = `${tenantId}/${ticketId}/`;
    const firedMilestones = new Set(
      [...this.fired.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length)),
    );
    return { state, firedMilestones };
  };
  saveTicketSla = async (state: TicketSlaState, timers: readonly MilestoneTimer[]) => {
    const key = `${state.tenantId}/${state.ticketId}`;
    if ((this.states.get(key)?.version ?? 0) !== state.version) throw new Error('conflict');
    this.states.set(key, { ...state, version: state.version + 1 });
    for (const timerKey of [...this.timers.keys()])
      if (timerKey.startsWith(`${key}/`)) this.timers.delete(timerKey);
    for (const timer of timers) {
      this.timers.set(`${key}/${timer.milestoneKey}`, {
        ...timer,
        tenantId: state.tenantId,
        ticketId: state.ticketId,
      });
    }
  };

  due = async (shard: number, now: string) =>
    [...this.timers.values()]
      .filter((timer) => timer.dueAt <= now && timer.ticketId.length % this.shards === shard)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));

  fire = async (due: DueMilestone, event: OutgoingEvent): Promise<FireOutcome> => {
    // Yield first, so that overlapping sweeps interleave as concurrent Lambda invocations would.
    await Promise.resolve();
    const key = `${due.tenantId}/${due.ticketId}/${due.milestoneKey}`;
    if (this.fired.has(key)) {
      if (this.timers.get(key)?.dueAt === due.dueAt) this.timers.delete(key);
      return 'already_fired';
    }
    if (this.timers.get(key)?.dueAt !== due.dueAt) return 'rescheduled';
    if (this.failAfterFires <= 0) throw new Error('sweep crashed');
    this.failAfterFires -= 1;
    this.fired.set(key, event.eventId);
    this.timers.delete(key);
    this.emitted.push(event);
    return 'fired';
  };
}

const start = Date.UTC(2025, 5, 2, 9);
const admin: TenantPrincipal = {
  kind: 'tenant',
  tenantId: 'acme',
  userId: 'admin',
  roles: ['tenant_admin'],
  credential: 'token',
  tier: 'standard',
  tenantStatus: 'active',
};

const setUp = async () => {
  const clock = new MovableClock(start);
  let next = 0;
  const ids = {
    next: () => {
      next += 1;
      return `id${next.toString().padStart(6, '0')}`;
    },
  };
  const store = new InMemorySla();
  const service = new SlaService({ repository: store, clock, ids });
  const seconds = (resolutionSeconds: number) => ({ firstResponseSeconds: 36_000, resolutionSeconds });
  await service.putPolicy(admin, {
    policyId: 'default',
    name: 'test',
    calendarId: '24x7',
    startsAt: 'creation',
    targets: { critical: seconds(100), high: seconds(100), medium: seconds(100), low: seconds(100) },
    pausingStatuses: ['awaiting_requester', 'awaiting_vendor'],
    warningThresholds: [0.75, 0.9],
    breachActions: ['escalate'],
    teamCalendarIds: {},
  });
  const sweep = () => sweepDueMilestones({ index: store, firing: store, clock, ids });
  const firedKinds = () =>
    store.emitted
      .map((event) => event.detail.milestone)
      .flatMap((milestone) =>
        typeof milestone === 'object' && milestone !== null && 'milestoneKey' in milestone
          ? [String(milestone.milestoneKey)]
          : [],
      )
      .filter((key) => key.startsWith('resolution'));
  return { clock, store, service, sweep, firedKinds };
};

const iso = (ms: number) => new Date(ms).toISOString();

describe('SLA timers', () => {
  it('fires warnings and breach once each, in order, as time passes', async () => {
    const { clock, service, sweep, firedKinds } = await setUp();
    await service.trackTicketEvent('acme', 'T1', 'e1', {
      kind: 'created',
      at: iso(start),
      priority: 'high',
      status: 'new',
    });
    clock.current = start + 74_000;
    await sweep();
    expect(firedKinds()).toEqual([]);
    clock.current = start + 75_000;
    await sweep();
    expect(firedKinds()).toEqual(['resolution-e2e-75']);
    clock.current = start + 200_000;
    await sweep();
    await sweep();
    expect(firedKinds()).toEqual(['resolution-e2e-75', 'resolution-e2e-90', 'resolution-e2e-100']);
  });

  it('pausing before a warning postpones it by the pause', async () => {
    const { clock, service, sweep, firedKinds } = await setUp();
    await service.trackTicketEvent('acme', 'T1', 'e1', {
      kind: 'created',
      at: iso(start),
      priority: 'high',
      status: 'new',
    });
    clock.current = start + 50_000;
    await service.trackTicketEvent('acme', 'T1', 'e2', {
      kind: 'status_changed',
      at: iso(start + 50_000),
      to: 'awaiting_requester',
    });
    clock.current = start + 80_000;
    await sweep();
    expect(firedKinds()).toEqual([]); // paused: nothing is scheduled
    await service.trackTicketEvent('acme', 'T1', 'e3', {
      kind: 'status_changed',
      at: iso(start + 80_000),
      to: 'in_progress',
    });
    clock.current = start + 104_999;
    await sweep();
    expect(firedKinds()).toEqual([]); // 75 s of running time is reached at 105 s, not 75 s
    clock.current = start + 105_000;
    await sweep();
    expect(firedKinds()).toEqual(['resolution-e2e-75']);
  });

  it('overlapping sweeps fire nothing twice', async () => {
    const { clock, store, service, sweep, firedKinds } = await setUp();
    for (const ticketId of ['T1', 'T22', 'T333']) {
      await service.trackTicketEvent('acme', ticketId, `c-${ticketId}`, {
        kind: 'created',
        at: iso(start),
        priority: 'high',
        status: 'new',
      });
    }
    clock.current = start + 200_000;
    const reports = await Promise.all([sweep(), sweep(), sweep()]);
    expect(firedKinds()).toHaveLength(9);
    expect(new Set(store.emitted.map((event) => JSON.stringify(event.detail.milestone))).size).toBe(9);
    expect(reports.reduce((sum, report) => sum + report.fired, 0)).toBe(9);
    expect(reports.reduce((sum, report) => sum + report.alreadyFired + report.rescheduled, 0)).toBe(18);
  });

  it('a sweep that crashes half way is completed by the next, without duplicates', async () => {
    const { clock, store, service, sweep, firedKinds } = await setUp();
    await service.trackTicketEvent('acme', 'T1', 'e1', {
      kind: 'created',
      at: iso(start),
      priority: 'high',
      status: 'new',
    });
    clock.current = start + 200_000;
    store.failAfterFires = 1;
    await expect(sweep()).rejects.toThrow(/crashed/);
    expect(firedKinds()).toEqual(['resolution-e2e-75']);
    store.failAfterFires = Number.POSITIVE_INFINITY;
    await sweep();
    await sweep();
    expect(firedKinds()).toEqual(['resolution-e2e-75', 'resolution-e2e-90', 'resolution-e2e-100']);
  });

  it('a replay after a fired warning does not schedule it again', async () => {
    const { clock, store, service, sweep, firedKinds } = await setUp();
    await service.trackTicketEvent('acme', 'T1', 'e1', {
      kind: 'created',
      at: iso(start),
      priority: 'high',
      status: 'new',
    });
    clock.current = start + 80_000;
    await sweep();
    await service.recompute(admin, 'T1', { adoptLatestPolicy: false });
    expect([...store.timers.keys()].filter((key) => key.includes('resolution'))).toEqual([
      'acme/T1/resolution-e2e-90',
      'acme/T1/resolution-e2e-100',
    ]);
    await sweep();
    expect(firedKinds()).toEqual(['resolution-e2e-75']);
  });
});
