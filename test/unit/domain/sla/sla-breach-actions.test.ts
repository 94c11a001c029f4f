/** raise_priority on breach: one step up, at most once per breached milestone, retried on a stale ticket. */
import { describe, expect, it } from 'vitest';
import {
  type BreachActionStore,
  type PriorityRaise,
  raisedPriority,
  SlaBreachActions,
} from '../../../../shared/domain/sla/sla-breach-actions.ts';
import { type Priority, raiseTicket, type Ticket } from '../../../../shared/domain/tickets/ticket.ts';

const ticketAt = (priority: Priority): Ticket => ({
  ...raiseTicket(
    { subject: 's', description: '', channel: 'api', language: 'en', impact: 'low', urgency: 'low' },
    { tenantId: 'acme', ticketId: 'T1', number: 1, requesterId: 'r', createdBy: 'r', now: new Date(0) },
  ),
  priority,
});

/** A store with the marker semantics of the DynamoDB one, and an optional concurrent writer. */
class InMemoryStore implements BreachActionStore {
  ticket: Ticket;
  readonly markers = new Set<string>();
  readonly saved: PriorityRaise[] = [];
  interfereOnce = false;

  constructor(ticket: Ticket) {
    this.ticket = ticket;
  }

  async getTicket(): Promise<Ticket | undefined> {
    return this.ticket;
  }

  async saveRaise(raise: PriorityRaise, milestoneKey: string): Promise<'saved' | 'stale' | 'done'> {
    if (this.markers.has(milestoneKey)) return 'done';
    if (this.interfereOnce) {
      this.interfereOnce = false;
      this.ticket = { ...this.ticket, version: this.ticket.version + 1 };
    }
    if (raise.expectedVersion !== this.ticket.version) return 'stale';
    this.markers.add(milestoneKey);
    this.ticket = raise.ticket;
    this.saved.push(raise);
    return 'saved';
  }
}

let ids = 0;
const nextId = () => {
  ids += 1;
  return `E${ids}`;
};
const actionsOn = (store: InMemoryStore) =>
  new SlaBreachActions({ store, now: () => new Date(1000), nextId });
const milestone = { ticketId: 'T1', milestoneKey: 'resolution-e2e-100', clock: 'resolution' };

describe('raise_priority on breach', () => {
  it.each([
    ['low', 'medium'],
    ['medium', 'high'],
    ['high', 'critical'],
    ['critical', undefined],
  ] as const)('raises %s to %s', (from, to) => {
    expect(raisedPriority(from)).toBe(to);
  });

  it('raises once per milestone: a redelivered breach does nothing twice', async () => {
    const store = new InMemoryStore(ticketAt('low'));
    const actions = actionsOn(store);
    expect(await actions.raisePriority('acme', milestone, 'c')).toBe('raised');
    expect(await actions.raisePriority('acme', milestone, 'c')).toBe('already-raised');
    expect(store.ticket.priority).toBe('medium');
    expect(store.saved).toHaveLength(1);
    expect(store.saved[0]?.entry).toMatchObject({
      change: 'priority_changed',
      fromPriority: 'low',
      toPriority: 'medium',
    });
    expect(store.saved[0]?.event.detail).toMatchObject({ from: 'low', to: 'medium', priority: 'medium' });
    // Another milestone's breach is another raise.
    expect(
      await actions.raisePriority('acme', { ...milestone, milestoneKey: 'first_response-e2e-100' }, 'c'),
    ).toBe('raised');
    expect(store.ticket.priority).toBe('high');
  });

  it('re-reads a ticket that changed meanwhile, and leaves a critical one alone', async () => {
    const store = new InMemoryStore(ticketAt('medium'));
    store.interfereOnce = true;
    expect(await actionsOn(store).raisePriority('acme', milestone, 'c')).toBe('raised');
    expect(store.ticket).toMatchObject({ priority: 'high', version: 3 });
    const top = new InMemoryStore(ticketAt('critical'));
    expect(await actionsOn(top).raisePriority('acme', milestone, 'c')).toBe('at-top');
    expect(top.saved).toEqual([]);
  });
});
