/**
 * Tokens: only a token signed by a registered issuer's current key, for our audience, unexpired,
 * gets in; everything else is a 401 problem and writes nothing. The tenant comes from the issuer.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, localStack, type TestTenant, tokenOf } from '../support/local-stack.ts';

const mint = async (body: Record<string, unknown>): Promise<string> => {
  const response = await api('POST', '/_local/tokens', { body });
  return z.object({ token: z.string() }).parse(response.body).token;
};

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('authentication', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant('auth');
  });

  const expectUnauthorized = async (token: string | undefined) => {
    const response = await api('POST', '/v1/tickets', {
      ...(token === undefined ? {} : { token }),
      body: { subject: 'should never be written' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  };

  it('accepts a valid token of the tenant issuer', async () => {
    const token = await mint({ issuer: tenant.id, subject: 'someone', claims: { roles: ['requester'] } });
    const response = await api('POST', '/v1/tickets', { token, body: { subject: 'valid' } });
    expect(response.status).toBe(201);
    expect(ticketSchema.parse(response.body).requesterId).toBe('someone');
  });

  it('refuses a missing token', async () => {
    await expectUnauthorized(undefined);
  });

  it('refuses garbage', async () => {
    await expectUnauthorized('not-a-jwt');
  });

  it('refuses an expired token', async () => {
    await expectUnauthorized(
      await mint({
        issuer: tenant.id,
        subject: 'late',
        claims: { roles: ['requester'] },
        expiresInSeconds: -120,
      }),
    );
  });

  it('refuses a token for another audience', async () => {
    await expectUnauthorized(
      await mint({
        issuer: tenant.id,
        subject: 'x',
        claims: { roles: ['requester'] },
        audience: 'someone-else',
      }),
    );
  });

  it('refuses a token with alg none', async () => {
    const valid = tokenOf(tenant, 'requester');
    const payload = valid.split('.')[1] ?? '';
    await expectUnauthorized(`${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`);
  });

  it('refuses a token whose payload was tampered with (roles escalated)', async () => {
    const [header, payload, signature] = tokenOf(tenant, 'requester').split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    const escalated = base64url({ ...claims, roles: ['tenant_admin'] });
    await expectUnauthorized(`${header}.${escalated}.${signature}`);
  });

  it('refuses a token signed by a key the issuer never published (unknown kid)', async () => {
    const secret = new TextEncoder().encode('x'.repeat(32));
    const forged = await new SignJWT({ roles: ['requester'] })
      .setProtectedHeader({ alg: 'HS256', kid: `${tenant.id}-1` })
      .setIssuer(`${new URL(localStack().tenants[0]?.issuer ?? '').origin}/issuers/${tenant.id}`)
      .setSubject('forger')
      .setAudience('guichet-api')
      .setExpirationTime('1h')
      .sign(secret);
    await expectUnauthorized(forged);
  });

  it('refuses a token from an unregistered issuer', async () => {
    const response = await api('POST', '/_local/tokens', {
      body: { issuer: 'nobody', subject: 'x', claims: { roles: ['requester'] } },
    });
    // The local IdP does not even know that issuer; a registered issuer's token with a foreign
    // `iss` is covered by the tampering case above.
    expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a token whose roles are none of the tenant roles (a tenant IdP cannot mint platform admins)', async () => {
    await expectUnauthorized(
      await mint({ issuer: tenant.id, subject: 'x', claims: { roles: ['platform_admin'] } }),
    );
  });

  it('accepts tokens on both sides of an issuer key rotation', async () => {
    const rotating = await createTestTenant('rotate');
    const before = await mint({ issuer: rotating.id, subject: 'u', claims: { roles: ['requester'] } });
    expect((await api('GET', '/v1/tickets', { token: before })).status).toBe(200);
    await api('POST', `/_local/issuers/${rotating.id}/rotate`);
    const after = await mint({ issuer: rotating.id, subject: 'u2', claims: { roles: ['requester'] } });
    const kidOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid;
    expect(kidOf(after)).not.toBe(kidOf(before));
    expect((await api('GET', '/v1/tickets', { token: after })).status).toBe(200);
    expect((await api('GET', '/v1/tickets?limit=2', { token: before })).status).toBe(200);
  });

  it("acts in the issuer's tenant: tenant A's requester lists only tenant A's tickets", async () => {
    const other = await createTestTenant('auth-other');
    await api('POST', '/v1/tickets', {
      token: tokenOf(other, 'requester'),
      body: { subject: 'other tenant' },
    });
    const mine = await api('GET', '/v1/tickets', { token: tokenOf(tenant, 'agent') });
    const subjects = z
      .object({ items: z.array(ticketSchema) })
      .parse(mine.body)
      .items.map((t) => t.subject);
    expect(subjects).not.toContain('other tenant');
  });
});
