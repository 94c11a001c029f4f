/** Triage at intake, as tables: keyword classification and duplicate detection. */
import { describe, expect, it } from 'vitest';
import {
  classifyTicket,
  findPossibleDuplicates,
  subjectSimilarity,
  type TriageRule,
} from '../../../../shared/domain/triage/triage-rules.ts';

const rules: readonly TriageRule[] = [
  { ruleId: 'vpn', keywords: ['vpn', 'remote access'], setType: 'incident', setCategory: 'network' },
  {
    ruleId: 'laptop',
    keywords: ['new laptop', 'ordinateur'],
    setType: 'service_request',
    setCategory: 'hardware',
  },
  { ruleId: 'howto', keywords: ['how do i'], setType: 'question' },
  { ruleId: 'fallback-service', keywords: ['vpn'], setService: 'connectivity' },
];

describe('classifyTicket', () => {
  it.each([
    [
      'VPN drops every hour',
      {},
      { type: 'incident', category: 'network', service: 'connectivity', matchedRuleId: 'vpn' },
    ],
    [
      'Remote   access broken',
      {},
      { type: 'incident', category: 'network', service: undefined, matchedRuleId: 'vpn' },
    ],
    ['I need a new laptop', {}, { type: 'service_request', category: 'hardware', matchedRuleId: 'laptop' }],
    [
      'Mon ordinateur est lent',
      {},
      { type: 'service_request', category: 'hardware', matchedRuleId: 'laptop' },
    ],
    ['How do I share a calendar?', {}, { type: 'question', category: undefined, matchedRuleId: 'howto' }],
    ['OpenVPN client crashed', {}, { type: undefined, category: undefined, matchedRuleId: undefined }],
    [
      'Printer jam',
      {},
      { type: undefined, category: undefined, service: undefined, matchedRuleId: undefined },
    ],
    ['VPN is slow', { type: 'question' }, { type: 'question', category: 'network', matchedRuleId: 'vpn' }],
    [
      'VPN is slow',
      { type: 'question', category: 'mine', service: 'given' },
      { type: 'question', category: 'mine', service: 'given', matchedRuleId: undefined },
    ],
  ] as const)('%s with %o', (subject, given, expected) => {
    expect(classifyTicket({ subject, description: '' }, given, rules)).toMatchObject(expected);
  });

  it('reads the description too, accent- and case-insensitively', () => {
    const rule: TriageRule = { ruleId: 'fr', keywords: ['réseau'], setCategory: 'network' };
    expect(
      classifyTicket({ subject: 'Problème', description: 'Le RESEAU ne marche pas' }, {}, [rule]).category,
    ).toBe('network');
  });
});

describe('findPossibleDuplicates', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');
  const candidate = (ticketId: string, subject: string, overrides: Record<string, string> = {}) => ({
    ticketId,
    requesterId: 'alice',
    subject,
    createdAt: '2026-03-09T12:00:00.000Z',
    status: 'new',
    ...overrides,
  });

  it('links recent look-alikes of the same requester only', () => {
    const recent = [
      candidate('same', 'VPN drops every hour'),
      candidate('reworded', 'The VPN drops every hour!'),
      candidate('other-requester', 'VPN drops every hour', { requesterId: 'bob' }),
      candidate('old', 'VPN drops every hour', { createdAt: '2026-02-01T00:00:00.000Z' }),
      candidate('closed', 'VPN drops every hour', { status: 'closed' }),
      candidate('different', 'Printer out of toner'),
    ];
    expect(
      findPossibleDuplicates({ requesterId: 'alice', subject: 'VPN drops every hour' }, recent, now),
    ).toEqual(['same', 'reworded']);
  });

  it('scores similarity on significant words', () => {
    expect(subjectSimilarity('VPN drops', 'vpn DROPS')).toBe(1);
    expect(subjectSimilarity('VPN drops', 'printer jam')).toBe(0);
    expect(subjectSimilarity('', 'x y')).toBe(0);
  });
});
