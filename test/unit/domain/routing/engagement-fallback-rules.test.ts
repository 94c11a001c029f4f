/** The routing of a tenant without rules: one rule per engagement in force, most specific first. */
import { describe, expect, it } from 'vitest';
import {
  engagementFallbackRules,
  entryTeamOf,
} from '../../../../shared/domain/routing/engagement-fallback-rules.ts';
import type { Engagement } from '../../../../shared/domain/tenancy/engagement.ts';
import type { Team } from '../../../../shared/domain/tenancy/organisations.ts';

const engagement = (
  engagementId: string,
  providerId: string,
  overrides: Partial<Engagement> = {},
): Engagement => ({
  engagementId,
  tenantId: 'acme',
  providerId,
  scope: { services: [], categories: [] },
  slaPolicyRef: 'sla',
  calendarRef: 'cal',
  priceBookRef: 'pb',
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: null,
  status: 'active',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});
const team = (providerId: string, teamId: string, tier: Team['tier']): Team => ({
  providerId,
  teamId,
  name: teamId,
  tier,
  strategy: 'round_robin',
  nextTierTeamId: null,
});
const desks: Record<string, Team[]> = {
  sdp: [team('sdp', 'sdp-l2', 'L2'), team('sdp', 'sdp-l1b', 'L1'), team('sdp', 'sdp-l1a', 'L1')],
  erp: [team('erp', 'erp-l3', 'L3'), team('erp', 'erp-l2', 'L2')],
  empty: [],
};
const teamsOf = (providerId: string) => desks[providerId] ?? [];

describe('engagementFallbackRules', () => {
  it('targets each provider’s entry team: its first L1 by id, else its lowest tier', () => {
    expect(entryTeamOf(teamsOf('sdp'))?.teamId).toBe('sdp-l1a');
    expect(entryTeamOf(teamsOf('erp'))?.teamId).toBe('erp-l2');
    expect(entryTeamOf([])).toBeUndefined();
  });

  it('puts the more specific scope first, then the older engagement, and skips providers without teams', () => {
    const rules = engagementFallbackRules(
      [
        engagement('e-all-new', 'sdp', { startsAt: '2026-03-01T00:00:00Z' }),
        engagement('e-all-old', 'sdp'),
        engagement('e-erp', 'erp', { scope: { services: ['erp'], categories: [] } }),
        engagement('e-erp-invoices', 'erp', { scope: { services: ['erp'], categories: ['invoices'] } }),
        engagement('e-nobody', 'empty'),
      ],
      teamsOf,
    );
    expect(rules.map((rule) => rule.ruleId)).toEqual([
      'engagement:e-erp-invoices',
      'engagement:e-erp',
      'engagement:e-all-old',
      'engagement:e-all-new',
    ]);
    expect(rules[0]).toMatchObject({
      when: { services: ['erp'], categories: ['invoices'] },
      target: { providerId: 'erp', teamId: 'erp-l2' },
    });
    expect(rules[2]?.when).toEqual({});
  });

  it('derives nothing from no engagements', () => {
    expect(engagementFallbackRules([], teamsOf)).toEqual([]);
  });
});
