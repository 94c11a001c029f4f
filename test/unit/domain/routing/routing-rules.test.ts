/** Routing rule evaluation as a table: each condition alone, combinations, order, explanations. */
import { describe, expect, it } from 'vitest';
import {
  evaluateRoutingRules,
  type RoutingFacts,
  type RoutingRule,
} from '../../../../shared/domain/routing/routing-rules.ts';
import { isWithinHours } from '../../../../shared/domain/routing/working-hours.ts';

const facts: RoutingFacts = {
  service: 'email',
  category: 'network',
  type: 'incident',
  language: 'fr-BE',
  priority: 'high',
  site: 'brussels',
  insideBusinessHours: true,
};
const to = (teamId: string) => ({ providerId: 'sdp', teamId });
const rule = (ruleId: string, when: RoutingRule['when']): RoutingRule => ({
  ruleId,
  when,
  target: to(ruleId),
});

describe('evaluateRoutingRules', () => {
  it.each([
    ['service', { services: ['email'] }, { services: ['erp'] }],
    ['category', { categories: ['NETWORK'] }, { categories: ['hardware'] }],
    ['type', { types: ['incident', 'question'] }, { types: ['service_request'] }],
    ['language (primary subtag)', { languages: ['fr'] }, { languages: ['nl'] }],
    ['priority', { priorities: ['critical', 'high'] }, { priorities: ['low'] }],
    ['site', { sites: ['brussels'] }, { sites: ['paris'] }],
    ['business hours', { businessHours: 'inside' }, { businessHours: 'outside' }],
  ] as const)('%s: matches when it holds, explains when it does not', (_, holds, fails) => {
    expect(evaluateRoutingRules([rule('yes', holds)], facts)).toMatchObject({
      matchedRuleId: 'yes',
      target: to('yes'),
    });
    const decision = evaluateRoutingRules([rule('no', fails)], facts);
    expect(decision).toMatchObject({ matchedRuleId: null, target: null });
    expect(decision.verdicts[0]?.failed).toHaveLength(1);
  });

  it('takes the first matching rule in order and explains the ones skipped', () => {
    const decision = evaluateRoutingRules(
      [
        rule('vip', { priorities: ['critical'], categories: ['hardware'] }),
        rule('french-network', { languages: ['fr'], categories: ['network'] }),
        rule('catch-all', {}),
      ],
      facts,
    );
    expect(decision.matchedRuleId).toBe('french-network');
    expect(decision.verdicts).toEqual([
      {
        ruleId: 'vip',
        matched: false,
        failed: ['category: network not in [hardware]', 'priority: high not in [critical]'],
      },
      { ruleId: 'french-network', matched: true, failed: [] },
    ]);
  });

  it('treats a missing fact as not matching a condition on it', () => {
    const decision = evaluateRoutingRules([rule('site', { sites: ['paris'] })], { ...facts, site: null });
    expect(decision.verdicts[0]?.failed).toEqual(['site: (none) not in [paris]']);
  });

  it('routes nowhere without rules', () => {
    expect(evaluateRoutingRules([], facts)).toEqual({ target: null, matchedRuleId: null, verdicts: [] });
  });
});

describe('isWithinHours', () => {
  const office = { timeZone: 'Europe/Brussels', days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
  it.each([
    ['2026-03-02T07:00:00Z', true], // Monday 08:00 in Brussels (UTC+1)
    ['2026-03-02T06:59:00Z', false],
    ['2026-03-02T16:59:00Z', true],
    ['2026-03-02T17:00:00Z', false], // 18:00, end exclusive
    ['2026-03-07T10:00:00Z', false], // Saturday
    ['2026-07-06T06:00:00Z', true], // Monday 08:00 in summer time (UTC+2)
  ])('%s → %s', (at, expected) => {
    expect(isWithinHours(office, new Date(at))).toBe(expected);
  });
});
