/**
 * Platform admins create provider organisations through the API, each with its own IdP: the
 * new desk's people sign in with tokens of that issuer and see their desk; an issuer already
 * owned by another organisation, a taken id, or an in-house department without its tenant are
 * refused and leave nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerOrganisationSchema } from '../../shared/api/tenancy.ts';
import { api, localStack } from '../support/local-stack.ts';
import { freshToken } from '../support/tenancy-fixtures.ts';

const platformAdmin = (): string => {
  const token = localStack().platform.tokens.platform_admin;
  if (token === undefined) throw new Error('no platform admin token');
  return token;
};

const localIssuer = async (id: string) =>
  z
    .object({ issuer: z.string(), jwksUri: z.string() })
    .parse((await api('POST', '/_local/issuers', { body: { id } })).body);

const onboard = (body: unknown) => api('POST', '/v1/platform/providers', { token: platformAdmin(), body });

describe('provider onboarding', () => {
  it('creates a desk whose people sign in with its own IdP', async () => {
    const providerId = `desk-${Math.random().toString(36).slice(2, 8)}`;
    const { issuer, jwksUri } = await localIssuer(providerId);
    const created = await onboard({
      providerId,
      name: 'Northwind Service Desk',
      kind: 'outsourced',
      identityProvider: { issuer, jwksUri, audience: 'guichet-api', rolesClaim: 'roles', userIdClaim: 'sub' },
    });
    expect(created.status, created.text).toBe(201);
    expect(providerOrganisationSchema.parse(created.body)).toEqual({
      providerId,
      name: 'Northwind Service Desk',
      kind: 'outsourced',
      ownerTenantId: null,
    });

    const admin = await freshToken(providerId, 'nw-admin', ['provider_admin']);
    const desk = await api('GET', '/v1/provider/desk', { token: admin });
    expect(desk.status, desk.text).toBe(200);
    expect(desk.body).toMatchObject({ provider: { providerId, name: 'Northwind Service Desk' } });

    const again = await onboard({
      providerId,
      name: 'Northwind again',
      kind: 'outsourced',
      identityProvider: { issuer, jwksUri, audience: 'guichet-api', rolesClaim: 'roles', userIdClaim: 'sub' },
    });
    expect(again.status).toBe(409);
  });

  it("refuses another organisation's issuer and an in-house desk without its tenant, writing nothing", async () => {
    const acmeIssuer = await localIssuer('acme');
    const providerId = `thief-${Math.random().toString(36).slice(2, 8)}`;
    const stolen = await onboard({
      providerId,
      name: 'Issuer thief',
      kind: 'outsourced',
      identityProvider: { ...acmeIssuer, audience: 'guichet-api', rolesClaim: 'roles', userIdClaim: 'sub' },
    });
    expect(stolen.status).toBe(409);
    const orphanId = `orphan-${Math.random().toString(36).slice(2, 8)}`;
    const orphan = await onboard({
      providerId: orphanId,
      name: 'In-house of nobody',
      kind: 'in_house',
      identityProvider: {
        ...(await localIssuer(orphanId)),
        audience: 'guichet-api',
        rolesClaim: 'roles',
        userIdClaim: 'sub',
      },
    });
    expect(orphan.status).toBe(400);
    expect(orphan.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(orphan.body)).toContain('body.ownerTenantId');

    // Neither id became a provider: a token of the refused issuer opens nothing.
    const token = await freshToken(orphanId, 'nobody', ['provider_admin']);
    expect((await api('GET', '/v1/provider/desk', { token })).status).toBe(401);
  });
});
