/**
 * The provider queue's order and scope, pure: the SLA standing the tracker publishes (earliest
 * running clock; paused after every running one, least time left first; placeholder when
 * unmeasured), and the engagement scopes that decide what a provider may see.
 */
import { describe, expect, it } from 'vitest';
import {
  narrowScopes,
  providerQueueSortKey,
  queueDueAt,
  queueScopesOf,
  queueSlaView,
  scopesCover,
} from '../../../../shared/domain/queue/provider-queue.ts';
import { twentyFourSeven } from '../../../../shared/domain/sla/business-calendar.ts';
import { computeTicketSla } from '../../../../shared/domain/sla/sla-clocks.ts';
import { defaultBreachActions, validateSlaPolicy } from '../../../../shared/domain/sla/sla-policy.ts';
import { slaStandingOf } from '../../../../shared/domain/sla/sla-standing.ts';
import type { Engagement } from '../../../../shared/domain/tenancy/engagement.ts';
import type { Priority, Ticket, TicketSlaStanding } from '../../../../shared/domain/tickets/ticket.ts';

const HOUR = 3600;
const created = '2030-01-07T09:00:00.000Z';
const policy = validateSlaPolicy({
  policyId: 'p',
  version: 1,
  name: 'p',
  calendarId: '24x7',
  startsAt: 'creation',
  targets: {
    critical: { firstResponseSeconds: HOUR, resolutionSeconds: 4 * HOUR },
    high: { firstResponseSeconds: 2 * HOUR, resolutionSeconds: 8 * HOUR },
    medium: { firstResponseSeconds: 4 * HOUR, resolutionSeconds: 24 * HOUR },
    low: { firstResponseSeconds: 8 * HOUR, resolutionSeconds: 72 * HOUR },
  },
  pausingStatuses: ['awaiting_requester', 'awaiting_vendor'],
  warningThresholds: [0.75, 0.9],
  breachActions: defaultBreachActions,
});
const calendar = twentyFourSeven('UTC', '24x7');
const at = (hours: number) => new Date(Date.parse(created) + hours * HOUR * 1000).toISOString();

const standing = (
  priority: Priority,
  events: readonly { kind: string; at: string; to?: string }[],
  nowHours: number,
) => {
  const history = [
    { kind: 'created' as const, at: created, priority, status: 'new' },
    ...events.map((event) =>
      event.kind === 'first_public_response'
        ? { kind: 'first_public_response' as const, at: event.at }
        : { kind: 'status_changed' as const, at: event.at, to: event.to ?? 'in_progress' },
    ),
  ];
  const sla = computeTicketSla({ history, policy, calendar, now: new Date(at(nowHours)) });
  return slaStandingOf(sla, 1);
};

const ticket = (id: string, priority: Priority, sla: TicketSlaStanding | undefined): Ticket => ({
  tenantId: 'acme',
  ticketId: id,
  number: 1,
  type: 'incident',
  channel: 'portal',
  language: 'en',
  subject: 's',
  description: '',
  category: null,
  service: null,
  impact: 'low',
  urgency: 'low',
  priority,
  status: 'assigned',
  requesterId: 'r',
  createdBy: 'r',
  createdAt: created,
  updatedAt: created,
  resolvedAt: null,
  closedAt: null,
  reopenCount: 0,
  links: [],
  classifiedBy: null,
  providerId: 'sdp',
  teamId: 't',
  assigneeId: null,
  reassignmentCount: 0,
  site: null,
  department: null,
  version: 2,
  ...(sla === undefined ? {} : { sla }),
});

describe('SLA standing', () => {
  it('is the earliest due running clock', () => {
    expect(standing('high', [], 1)).toMatchObject({ clock: 'first_response', dueAt: at(2), paused: false });
    const responded = standing('high', [{ kind: 'first_public_response', at: at(0.5) }], 1);
    expect(responded).toMatchObject({ clock: 'resolution', dueAt: at(8), targetSeconds: 8 * HOUR });
  });

  it('is the paused clock with the least time left when none runs, with no due instant', () => {
    const paused = standing('high', [{ kind: 'status_changed', at: at(1), to: 'awaiting_requester' }], 3);
    expect(paused).toMatchObject({
      clock: 'first_response',
      dueAt: null,
      paused: true,
      pausedReason: 'awaiting_requester',
      remainingSeconds: HOUR,
    });
  });

  it('does not exist once every clock is stopped', () => {
    const resolved = standing('high', [{ kind: 'status_changed', at: at(1), to: 'resolved' }], 2);
    expect(resolved).toBeUndefined();
  });
});

describe('provider queue order', () => {
  it('sorts running clocks by due, then paused ones by time left, and falls back to a placeholder', () => {
    const runningLow = ticket('A', 'low', standing('low', [], 0));
    const runningCritical = ticket('B', 'critical', standing('critical', [], 0));
    const pausedLittleLeft = ticket('C', 'critical', {
      ...(standing(
        'high',
        [{ kind: 'status_changed', at: at(1.5), to: 'awaiting_vendor' }],
        2,
      ) as TicketSlaStanding),
    });
    const pausedMuchLeft = ticket(
      'D',
      'critical',
      standing('low', [{ kind: 'status_changed', at: at(1), to: 'awaiting_vendor' }], 2),
    );
    const unmeasured = ticket('E', 'medium', undefined);
    const order = [pausedMuchLeft, unmeasured, pausedLittleLeft, runningLow, runningCritical]
      // Byte order, as DynamoDB compares sort keys (not localeCompare, which ranks `~` before digits).
      .sort((a, b) => (providerQueueSortKey(a) < providerQueueSortKey(b) ? -1 : 1))
      .map((entry) => entry.ticketId);
    // B due at +1 h, A at +8 h, E's placeholder at +24 h; then the paused: C (0.5 h left), D (7 h left).
    expect(order).toEqual(['B', 'A', 'E', 'C', 'D']);
    expect(queueDueAt(unmeasured)).toBe(at(24));
    expect(queueDueAt(pausedLittleLeft)).toBeNull();
  });

  it('shows a running clock past its due instant as breached, as of the read', () => {
    const entry = ticket('A', 'critical', standing('critical', [], 0));
    expect(queueSlaView(entry, new Date(at(0.5)))?.breached).toBe(false);
    expect(queueSlaView(entry, new Date(at(1)))?.breached).toBe(true);
    expect(queueSlaView(ticket('E', 'low', undefined), new Date(at(0)))).toBeNull();
  });
});

describe('provider queue scope', () => {
  const engagement = (overrides: Partial<Engagement>): Engagement => ({
    engagementId: 'e',
    tenantId: 'acme',
    providerId: 'sdp',
    scope: { services: [], categories: [] },
    slaPolicyRef: 's',
    calendarRef: 'c',
    priceBookRef: 'p',
    startsAt: '2030-01-01T00:00:00.000Z',
    endsAt: null,
    status: 'active',
    updatedAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  });
  const now = new Date('2030-01-10T00:00:00.000Z');

  it('keeps the engagements in force only', () => {
    const scopes = queueScopesOf(
      [
        engagement({ tenantId: 'acme', scope: { services: ['erp'], categories: [] } }),
        engagement({ tenantId: 'globex', status: 'suspended' }),
        engagement({ tenantId: 'initech', endsAt: '2030-01-05T00:00:00.000Z' }),
      ],
      now,
    );
    expect(scopes).toEqual([{ tenantId: 'acme', services: ['erp'], categories: [] }]);
    expect(narrowScopes(scopes, 'globex')).toEqual([]);
  });

  it.each([
    [{ service: 'erp', category: 'sap' }, true],
    [{ service: 'erp', category: 'payroll' }, false],
    [{ service: 'email', category: 'sap' }, false],
    [{ service: null, category: 'sap' }, false],
  ] as const)('covers %o: %s', (subject, expected) => {
    const scopes = [{ tenantId: 'acme', services: ['erp'], categories: ['sap'] }];
    expect(scopesCover(scopes, { tenantId: 'acme', ...subject })).toBe(expected);
    expect(scopesCover(scopes, { tenantId: 'globex', ...subject })).toBe(false);
  });

  it('covers everything of a tenant with an unrestricted engagement, including unclassified tickets', () => {
    const scopes = [{ tenantId: 'acme', services: [], categories: [] }];
    expect(scopesCover(scopes, { tenantId: 'acme', service: null, category: null })).toBe(true);
  });
});
