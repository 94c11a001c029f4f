import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../../shared/domain/errors.ts';
import { CursorCodec } from '../../../shared/http/cursor-codec.ts';

const codec = new CursorCodec('k'.repeat(32));
const scope = { tenantId: 'acme', userId: 'alice', operation: 'listTickets' };

describe('CursorCodec', () => {
  it('round-trips any position for the same scope', () => {
    fc.assert(
      fc.property(fc.string(), (position) => {
        expect(codec.decode(scope, codec.encode(scope, position))).toBe(position);
      }),
    );
  });

  it.each([
    ['another tenant', { ...scope, tenantId: 'globex' }],
    ['another user', { ...scope, userId: 'bob' }],
    ['another operation', { ...scope, operation: 'listMyNotifications' }],
  ])('refuses a cursor replayed by %s', (_, otherScope) => {
    const cursor = codec.encode(scope, 'POSITION');
    expect(() => codec.decode(otherScope, cursor)).toThrow(ValidationFailed);
  });

  it('refuses a cursor signed with another key, or tampered with', () => {
    const foreign = new CursorCodec('z'.repeat(32)).encode(scope, 'POSITION');
    expect(() => codec.decode(scope, foreign)).toThrow(ValidationFailed);
    const [payload, signature] = codec.encode(scope, 'POSITION').split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ p: 'ELSEWHERE', s: 'acme|alice|listTickets' }),
    ).toString('base64url');
    expect(() => codec.decode(scope, `${forgedPayload}.${signature}`)).toThrow(ValidationFailed);
    expect(() => codec.decode(scope, `${payload}`)).toThrow(ValidationFailed);
    expect(() => codec.decode(scope, 'garbage')).toThrow(ValidationFailed);
  });
});
