/** Routing rule evaluation as a table: each condition alone, combinations, order, explanations. */
import { describe, expect, it } from 'vitest';
import {
  calendarsNamedBy,
  evaluateRoutingRules,
  type RoutingFacts,
  type RoutingRule,
} from '../../../../shared/domain/routing/routing-rules.ts';

const facts: RoutingFacts = {
  service: 'email',
  category: 'network',
  type: 'incident',
  language: 'fr-BE',
  priority: 'high',
  site: 'brussels',
  openCalendars: { office: true, night: false },
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
    ['business hours (24x7 by default)', { businessHours: 'inside' }, { businessHours: 'outside' }],
    [
      'business hours of an open calendar',
      { businessHours: 'inside', calendarId: 'office' },
      { businessHours: 'outside', calendarId: 'office' },
    ],
    [
      'business hours of a closed calendar',
      { businessHours: 'outside', calendarId: 'night' },
      { businessHours: 'inside', calendarId: 'night' },
    ],
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

  it('fails a business-hours condition on a calendar the tenant does not have, saying so', () => {
    const decision = evaluateRoutingRules(
      [rule('gone', { businessHours: 'inside', calendarId: 'gone' })],
      facts,
    );
    expect(decision.verdicts[0]?.failed).toEqual(['businessHours: calendar gone unknown']);
  });

  it('names the calendars its business-hours conditions need', () => {
    expect(
      calendarsNamedBy([
        rule('a', { businessHours: 'inside', calendarId: 'office' }),
        rule('b', { businessHours: 'outside' }),
        rule('c', { calendarId: 'ignored-without-condition' }),
        rule('d', { businessHours: 'outside', calendarId: 'office' }),
      ]),
    ).toEqual(['office', '24x7']);
  });
});
