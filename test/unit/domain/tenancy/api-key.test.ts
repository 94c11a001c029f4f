/** API keys: format, issuing rules, usability and the principal a key acts as. */
import { describe, expect, it } from 'vitest';
import {
  formatApiKey,
  isApiKeyUsable,
  issueApiKey,
  parseApiKey,
  principalOfApiKey,
} from '../../../../shared/domain/tenancy/api-key.ts';
import type { Principal } from '../../../../shared/domain/tenancy/principal.ts';

const now = new Date('2026-06-01T12:00:00Z');
const admin: Principal = {
  kind: 'tenant',
  tenantId: 'acme',
  tier: 'standard',
  tenantStatus: 'active',
  userId: 'boss',
  roles: ['tenant_admin'],
  credential: 'token',
};
// A table of two operations, as the declarations would derive it.
const permissions = { createTicket: ['requester', 'agent'], listAuditEntries: ['tenant_admin'] } as const;
const context = { keyId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', secretHash: 'h', now, permissions };
const input = {
  name: 'crm',
  role: 'agent' as const,
  operations: ['createTicket'],
  expiresAt: '2026-07-01T00:00:00Z',
};

describe('API keys', () => {
  it('round-trips its presented form and refuses anything else', () => {
    const secret = 'a'.repeat(64);
    expect(parseApiKey(formatApiKey(context.keyId, secret))).toEqual({
      keyId: context.keyId,
      secretHex: secret,
    });
    expect(parseApiKey(`gk_${context.keyId}_${'a'.repeat(63)}`)).toBeUndefined();
    expect(parseApiKey(`gk_bad#id_${secret}`)).toBeUndefined();
  });

  it('refuses admin roles, operations beyond the role, and past expiries', () => {
    expect(() => issueApiKey(admin, { ...input, role: 'tenant_admin' }, context)).toThrow(/role/);
    expect(() => issueApiKey(admin, { ...input, role: 'provider_agent' }, context)).toThrow(/role/);
    expect(() => issueApiKey(admin, { ...input, operations: ['listAuditEntries'] }, context)).toThrow(
      /operations/,
    );
    expect(() => issueApiKey(admin, { ...input, operations: ['noSuchOperation'] }, context)).toThrow(
      /operations/,
    );
    expect(() => issueApiKey(admin, { ...input, expiresAt: '2026-05-01T00:00:00Z' }, context)).toThrow(
      /future/,
    );
  });

  it('acts as its owner, with its one role and operations, and only while usable', () => {
    const key = issueApiKey(admin, input, context);
    expect(key.owner).toEqual({ kind: 'tenant', tenantId: 'acme' });
    expect(isApiKeyUsable(key, now)).toBe(true);
    expect(isApiKeyUsable(key, new Date('2026-07-01T00:00:00Z'))).toBe(false);
    expect(isApiKeyUsable({ ...key, revokedAt: now.toISOString() }, now)).toBe(false);
    expect(principalOfApiKey(key, { tier: 'premium', status: 'active' })).toMatchObject({
      kind: 'tenant',
      tenantId: 'acme',
      tier: 'premium',
      roles: ['agent'],
      operations: ['createTicket'],
      credential: 'api_key',
    });
    expect(principalOfApiKey(key, undefined)).toBeUndefined();
  });
});
