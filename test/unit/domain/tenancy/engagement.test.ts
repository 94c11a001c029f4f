/** Engagements: in force, scope coverage, status changes. */
import { describe, expect, it } from 'vitest';
import {
  changeEngagementStatus,
  type Engagement,
  engagementCovers,
  engageProvider,
  isEngagementInForce,
} from '../../../../shared/domain/tenancy/engagement.ts';

const now = new Date('2026-06-01T12:00:00Z');
const engagement = (overrides: Partial<Engagement> = {}): Engagement => ({
  engagementId: 'e1',
  tenantId: 'acme',
  providerId: 'sdp',
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
const subject = (service: string | null, category: string | null = null) => ({ service, category });

describe('engagements', () => {
  it('is in force only when active and within its dates', () => {
    expect(isEngagementInForce(engagement(), now)).toBe(true);
    expect(isEngagementInForce(engagement({ status: 'suspended' }), now)).toBe(false);
    expect(isEngagementInForce(engagement({ status: 'ended' }), now)).toBe(false);
    expect(isEngagementInForce(engagement({ startsAt: '2026-07-01T00:00:00Z' }), now)).toBe(false);
    expect(isEngagementInForce(engagement({ endsAt: '2026-06-01T12:00:00Z' }), now)).toBe(false);
    expect(isEngagementInForce(engagement({ endsAt: '2026-06-01T12:00:01Z' }), now)).toBe(true);
  });

  it('covers every subject with an empty scope, and only listed ones otherwise', () => {
    expect(engagementCovers(engagement(), subject(null), now)).toBe(true);
    const scoped = engagement({ scope: { services: ['email'], categories: ['hardware'] } });
    expect(engagementCovers(scoped, subject('email', 'hardware'), now)).toBe(true);
    expect(engagementCovers(scoped, subject('email', 'software'), now)).toBe(false);
    expect(engagementCovers(scoped, subject('erp', 'hardware'), now)).toBe(false);
    // A ticket without a service is not in a scope that names services.
    expect(engagementCovers(scoped, subject(null, 'hardware'), now)).toBe(false);
    expect(engagementCovers(engagement({ status: 'ended' }), subject(null), now)).toBe(false);
  });

  it('ending shortens the period to now and is final', () => {
    const ended = changeEngagementStatus(engagement(), 'ended', now);
    expect(ended.status).toBe('ended');
    expect(ended.endsAt).toBe(now.toISOString());
    expect(() => changeEngagementStatus(ended, 'active', now)).toThrow(/ended/);
    const resumed = changeEngagementStatus(
      changeEngagementStatus(engagement(), 'suspended', now),
      'active',
      now,
    );
    expect(isEngagementInForce(resumed, now)).toBe(true);
  });

  it('refuses an engagement that ends before it starts', () => {
    const input = {
      providerId: 'sdp',
      scope: { services: [], categories: [] },
      slaPolicyRef: 's',
      calendarRef: 'c',
      priceBookRef: 'p',
      startsAt: '2026-06-01T00:00:00Z',
      endsAt: '2026-05-01T00:00:00Z',
    };
    expect(() => engageProvider('acme', input, { engagementId: 'e', now })).toThrow(/end after/);
    expect(engageProvider('acme', { ...input, endsAt: null }, { engagementId: 'e', now }).status).toBe(
      'active',
    );
  });
});
