import { describe, expect, it } from 'vitest';
import {
  channelOfContactType,
  levelOfLog,
  planSteps,
  requesterIdOfCaller,
  statusMatchesLog,
  tenantIdOfLocation,
} from '../../../scripts/replay/incident-mapping.ts';
import type { TicketStatus } from '../../../shared/domain/tickets/ticket.ts';
import { isLegalTransition, reasonRequired } from '../../../shared/domain/tickets/ticket-lifecycle.ts';

describe('replay mapping', () => {
  it('names tenants and requesters with ids the API accepts', () => {
    expect(tenantIdOfLocation('Location 143')).toBe('loc-143');
    expect(tenantIdOfLocation(null)).toBe('loc-unknown');
    expect(tenantIdOfLocation('Head Office')).toBe('loc-head-office');
    expect(requesterIdOfCaller('Caller 2403')).toBe('caller-2403');
    expect(requesterIdOfCaller(null)).toBe('caller-unknown');
  });

  it('maps impact, urgency and contact type', () => {
    expect(levelOfLog('1 - High')).toBe('high');
    expect(levelOfLog('2 - Medium')).toBe('medium');
    expect(levelOfLog('3 - Low')).toBe('low');
    expect(levelOfLog(null)).toBe('medium');
    expect(channelOfContactType('Phone')).toBe('phone');
    expect(channelOfContactType('Email')).toBe('email');
    expect(channelOfContactType('Self service')).toBe('portal');
    expect(channelOfContactType('IVR')).toBe('api');
  });

  it('takes New as matching an assigned ticket nobody started', () => {
    expect(statusMatchesLog('New', 'assigned')).toBe(true);
    expect(statusMatchesLog('New', 'in_progress')).toBe(false);
    expect(statusMatchesLog('Awaiting Evidence', 'awaiting_requester')).toBe(true);
    expect(statusMatchesLog('Closed', 'resolved')).toBe(false);
  });

  const walk = (from: TicketStatus, state: string) => {
    const steps = planSteps(from, state);
    if (steps === undefined) throw new Error(`no path from ${from} to ${state}`);
    let current = from;
    for (const step of steps) {
      expect(isLegalTransition(current, step.to), `${current} → ${step.to}`).toBe(true);
      if (reasonRequired(current, step.to)) expect(step.reason).toBeTruthy();
      current = step.to;
    }
    return { steps, end: current };
  };

  it('plans only legal steps, with reasons where owed, from every status to every log state', () => {
    const states = [
      'New',
      'Active',
      'Awaiting User Info',
      'Awaiting Evidence',
      'Awaiting Vendor',
      'Awaiting Problem',
      'Resolved',
      'Closed',
    ];
    const from: TicketStatus[] = [
      'new',
      'assigned',
      'in_progress',
      'awaiting_requester',
      'awaiting_vendor',
      'awaiting_change',
      'resolved',
    ];
    for (const status of from) {
      for (const state of states) {
        const { end } = walk(status, state);
        expect(statusMatchesLog(state, end), `${status} → ${state} ended at ${end}`).toBe(true);
      }
    }
  });

  it('closes through a resolution, the requester accepting it, never by cancelling', () => {
    const { steps } = walk('new', 'Closed');
    expect(steps.map((step) => step.to)).toEqual(['resolved', 'closed']);
    expect(steps.at(-1)?.actor).toBe('requester');
    expect(steps[0]?.actor).toBe('agent');
  });

  it('reopens with a reason as the agent, and finds no path out of closed', () => {
    const { steps } = walk('resolved', 'Active');
    expect(steps).toEqual([
      { to: 'in_progress', actor: 'agent', reason: expect.stringContaining('reopened') },
    ]);
    expect(planSteps('closed', 'Active')).toBeUndefined();
    expect(planSteps('new', 'Cancelled')).toBeUndefined();
    expect(planSteps('in_progress', 'Active')).toEqual([]);
  });

  it('sends a worked ticket back to the queue when the log returns it to New', () => {
    expect(walk('in_progress', 'New').steps.map((step) => step.to)).toEqual(['assigned']);
    expect(walk('resolved', 'New').end).toBe('assigned');
  });
});
