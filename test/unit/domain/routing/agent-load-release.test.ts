/** Which status moves release an assignee's load, which restore it, and which leave it alone. */
import { describe, expect, it } from 'vitest';
import { agentLoadChangeOf } from '../../../../shared/domain/routing/agent-load-release.ts';

const held = { providerId: 'p1', teamId: 't1', assigneeId: 'a1' };
const change = (delta: 1 | -1) => ({ providerId: 'p1', teamId: 't1', agentId: 'a1', delta });

describe('agentLoadChangeOf', () => {
  it.each([
    ['assigned', 'resolved'],
    ['in_progress', 'resolved'],
    ['awaiting_requester', 'resolved'],
    ['awaiting_vendor', 'resolved'],
    ['awaiting_change', 'resolved'],
    ['new', 'closed'],
    ['new', 'resolved'],
  ])('releases one unit when a held ticket moves %s → %s', (from, to) => {
    expect(agentLoadChangeOf({ from, to, ...held })).toEqual(change(-1));
  });

  it('does not release twice when a resolved ticket is closed', () => {
    expect(agentLoadChangeOf({ from: 'resolved', to: 'closed', ...held })).toBeNull();
  });

  it('restores the unit on reopen', () => {
    expect(agentLoadChangeOf({ from: 'resolved', to: 'in_progress', ...held })).toEqual(change(1));
  });

  it.each([
    ['new', 'assigned'],
    ['assigned', 'in_progress'],
    ['in_progress', 'awaiting_requester'],
    ['awaiting_vendor', 'in_progress'],
    ['in_progress', 'assigned'],
  ])('leaves the load alone for a move between open statuses (%s → %s)', (from, to) => {
    expect(agentLoadChangeOf({ from, to, ...held })).toBeNull();
  });

  it.each([
    { providerId: null, teamId: null, assigneeId: null },
    { providerId: 'p1', teamId: 't1', assigneeId: null },
    { providerId: 'p1', teamId: null, assigneeId: 'a1' },
    { providerId: null, teamId: 't1', assigneeId: 'a1' },
  ])('changes nothing for a ticket nobody holds (%o)', (holder) => {
    expect(agentLoadChangeOf({ from: 'in_progress', to: 'resolved', ...holder })).toBeNull();
  });
});
