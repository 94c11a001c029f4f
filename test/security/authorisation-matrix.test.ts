/**
 * The authorisation matrix, generated from the route table (`infra/manifest.ts`) and the
 * permission table: every token route × every role × the caller's situation (own tenant,
 * foreign tenant; engaged, unengaged or ended provider; object in or out of scope) against the
 * running local stack. Expected statuses come from the tables, not from a hand-picked list:
 * a role the permission table does not name gets 403 whatever the object; a permitted caller
 * gets the operation's success status on what is its own and 404 on anything foreign, so ids
 * cannot be probed; no response ever carries a foreign object's id.
 *
 * Routes added later without a fixture below are still covered for role refusals and leaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operationContracts, permissionTable } from '../../functions/http-contexts.ts';
import { routes } from '../../infra/manifest.ts';
import { mayPerformIn } from '../../shared/domain/tenancy/permissions.ts';
import {
  allRoles,
  platformRoles,
  providerRoles,
  type Role,
  tenantRoles,
} from '../../shared/domain/tenancy/principal.ts';
import { api, localStack } from '../support/local-stack.ts';
import { createTestProvider, type TestProvider } from '../support/tenancy-fixtures.ts';

interface World {
  readonly own: { id: string; tokens: Record<string, string> };
  readonly foreign: { id: string; tokens: Record<string, string> };
  readonly engaged: TestProvider;
  readonly unengaged: TestProvider;
  readonly ended: TestProvider;
  readonly sink: TestProvider;
  readonly victimTenantId: string;
  readonly ownObjects: {
    /** Raised by the own tenant's requester at the demo site: inside the delegated admin's delegation. */
    ticketInScope: string;
    /** Raised by another requester at another site, for a service the engagement does not cover. */
    ticketOutOfScope: string;
    engagementId: string;
    keyId: string;
  };
  readonly foreignObjects: { ticketId: string; engagementId: string; keyId: string };
  readonly identityProvider: Record<string, string>;
}

type Caller =
  | { kind: 'tenant'; role: Role; situation: 'own tenant' }
  | {
      kind: 'provider';
      role: Role;
      situation: 'engaged provider' | 'unengaged provider' | 'ended engagement';
    }
  | { kind: 'platform'; role: Role; situation: 'platform' };

/** What a request addresses: the caller's own things or someone else's. */
type Target = 'own' | 'foreign' | 'out-of-scope';

interface Fixture {
  /** Which targets make sense for this route. */
  readonly targets: readonly Target[];
  readonly path?: (world: World, target: Target) => string;
  readonly body?: (world: World, caller: Caller) => unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const tenantOf = (world: World, target: Target) => (target === 'foreign' ? world.foreign.id : world.own.id);
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
const providerTicketPath = (world: World, target: Target) =>
  `/v1/provider/tenants/${tenantOf(world, target)}/tickets/${
    target === 'foreign'
      ? world.foreignObjects.ticketId
      : target === 'out-of-scope'
        ? world.ownObjects.ticketOutOfScope
        : world.ownObjects.ticketInScope
  }`;

/**
 * Tenant tickets: the caller's own tenant's in-scope ticket, its out-of-scope one (another
 * requester, another site: outside a delegated admin's delegation), and a foreign tenant's.
 */
const ticketTargets: readonly Target[] = ['own', 'out-of-scope', 'foreign'];
const ticketPath =
  (suffix: string) =>
  (w: World, t: Target): string =>
    `/v1/tickets/${
      t === 'foreign'
        ? w.foreignObjects.ticketId
        : t === 'out-of-scope'
          ? w.ownObjects.ticketOutOfScope
          : w.ownObjects.ticketInScope
    }${suffix}`;
const tenantTicketOperations: ReadonlySet<string> = new Set([
  'getTicket',
  'listTicketHistory',
  'listTicketComments',
  'listTicketAttachments',
  'addTicketComment',
]);
/** Roles that act on every ticket of their tenant; a delegated admin only on its delegation's. */
const tenantWideTicketRoles: readonly Role[] = ['agent', 'tenant_admin'];

const fixtures: Readonly<Record<string, Fixture>> = {
  createTicket: { targets: ['own'], body: () => ({ subject: 'matrix' }) },
  listTickets: { targets: ['own'] },
  getTicket: { targets: ticketTargets, path: ticketPath('') },
  listTicketHistory: { targets: ticketTargets, path: ticketPath('/history') },
  listTicketComments: { targets: ticketTargets, path: ticketPath('/comments') },
  listTicketAttachments: { targets: ticketTargets, path: ticketPath('/attachments') },
  addTicketComment: {
    targets: ticketTargets,
    path: ticketPath('/comments'),
    body: () => ({ body: 'matrix', visibility: 'public' }),
  },
  listMyNotifications: { targets: ['own'] },
  onboardTenant: {
    targets: ['own'],
    body: () => ({
      tenantId: `mx-${Math.random().toString(36).slice(2, 10)}`,
      name: 'Matrix onboarded',
      tier: 'free',
      homeRegion: 'eu-west-1',
      firstAdminUserId: 'first',
    }),
  },
  onboardProvider: {
    targets: ['own'],
    body: () => {
      const id = `mxp-${Math.random().toString(36).slice(2, 10)}`;
      return {
        providerId: id,
        name: 'Matrix desk',
        kind: 'outsourced',
        identityProvider: {
          issuer: `https://idp.example/${id}`,
          jwksUri: `https://idp.example/${id}/jwks`,
          audience: 'guichet-api',
          rolesClaim: 'roles',
          userIdClaim: 'sub',
        },
      };
    },
  },
  getPlatformTenant: {
    targets: ['own', 'foreign'],
    path: (w, t) => `/v1/platform/tenants/${t === 'foreign' ? 'no-such-tenant' : w.victimTenantId}`,
  },
  suspendTenant: {
    targets: ['foreign'],
    path: () => '/v1/platform/tenants/no-such-tenant/suspend',
  },
  reactivateTenant: {
    targets: ['own', 'foreign'],
    path: (w, t) =>
      `/v1/platform/tenants/${t === 'foreign' ? 'no-such-tenant' : w.victimTenantId}/reactivate`,
  },
  registerIdentityProvider: { targets: ['own'], body: (w) => w.identityProvider },
  getIdentityProvider: { targets: ['own'] },
  engageProvider: {
    targets: ['own'],
    body: (w) => ({
      providerId: w.sink.id,
      slaPolicyRef: 'sla',
      calendarRef: 'cal',
      priceBookRef: 'pb',
      startsAt: new Date().toISOString(),
    }),
  },
  listTenantEngagements: { targets: ['own'] },
  changeEngagementStatus: {
    targets: ['own', 'foreign'],
    path: (w, t) =>
      `/v1/tenant/engagements/${t === 'foreign' ? w.foreignObjects.engagementId : w.ownObjects.engagementId}/status`,
    body: () => ({ status: 'active' }),
  },
  listProviderEngagements: { targets: ['own'] },
  getProviderDesk: { targets: ['own'] },
  addProviderTeam: { targets: ['own'], body: () => ({ name: 'Matrix team', tier: 'L2' }) },
  addProviderAgent: {
    targets: ['own'],
    body: () => ({ displayName: 'Matrix agent', schedule: { timeZone: 'UTC', shifts: [] } }),
  },
  getProviderTicket: {
    targets: ['own', 'out-of-scope', 'foreign'],
    path: (w, t) =>
      `/v1/provider/tenants/${tenantOf(w, t)}/tickets/${
        t === 'foreign'
          ? w.foreignObjects.ticketId
          : t === 'out-of-scope'
            ? w.ownObjects.ticketOutOfScope
            : w.ownObjects.ticketInScope
      }`,
  },
  // Provider actions (#4). The transition sends a stale If-Match: 412 proves the engagement check
  // passed and the ticket was read, without moving the ticket (the success path has its own test).
  transitionProviderTicket: {
    targets: ['own', 'out-of-scope', 'foreign'],
    path: (w, t) => `${providerTicketPath(w, t)}/transitions`,
    body: () => ({ to: 'in_progress' }),
    headers: { 'if-match': '"999999"' },
  },
  commentOnProviderTicket: {
    targets: ['own', 'out-of-scope', 'foreign'],
    path: (w, t) => `${providerTicketPath(w, t)}/comments`,
    body: () => ({ body: 'matrix', visibility: 'internal' }),
  },
  // Per-provider SLA report (#5): a provider admin reads its own partitions, whatever its engagements.
  getProviderSlaReport: { targets: ['own'] },
  listAuditEntries: { targets: ['own'] },
  listProviderTickets: { targets: ['own'] },
  createApiKey: {
    targets: ['own'],
    body: (_w, caller) =>
      caller.kind === 'provider'
        ? {
            name: 'mx',
            role: 'provider_agent',
            operations: ['listProviderEngagements'],
            expiresAt: inAnHour(),
          }
        : { name: 'mx', role: 'requester', operations: ['createTicket'], expiresAt: inAnHour() },
  },
  listApiKeys: { targets: ['own'] },
  revokeApiKey: {
    // A provider admin revoking a tenant's key id addresses someone else's object too.
    targets: ['own', 'foreign'],
    path: (w, t) => `/v1/api-keys/${t === 'foreign' ? w.foreignObjects.keyId : w.ownObjects.keyId}`,
  },
  // Billing meters (#6)
  logTicketTime: {
    targets: ['own', 'foreign'],
    path: (w, t) =>
      `/v1/tickets/${t === 'foreign' ? w.foreignObjects.ticketId : w.ownObjects.ticketInScope}/time-entries`,
    body: () => ({ minutes: 5, workedAt: new Date().toISOString() }),
  },
  listTicketTimeEntries: {
    targets: ['own', 'foreign'],
    path: (w, t) =>
      `/v1/tickets/${t === 'foreign' ? w.foreignObjects.ticketId : w.ownObjects.ticketInScope}/time-entries`,
  },
  putCatalogueItem: {
    targets: ['own'],
    path: () => '/v1/catalogue/items/mx-item',
    body: () => ({ name: 'Matrix' }),
  },
  listCatalogue: { targets: ['own'] },
  completeTicketAttachment: {
    // An own attachment would need uploaded bytes (409 otherwise): the foreign case is the one that matters.
    targets: ['foreign'],
    path: (w) => `/v1/tickets/${w.foreignObjects.ticketId}/attachments/mx-attachment/complete`,
  },
  // Provider agents log time on tenant tickets (#6)
  logProviderTicketTime: {
    targets: ['own', 'out-of-scope', 'foreign'],
    path: (w, t) => `${providerTicketPath(w, t)}/time-entries`,
    body: () => ({ minutes: 5, workedAt: new Date().toISOString() }),
  },
  // SLA breach action notify (#5): the caller's own provider inbox
  listProviderNotifications: { targets: ['own'] },
};

/** The success status the operation's contract declares: 201 for creations (200 is their idempotent replay). */
const successOf = (operation: string): number => {
  const statuses = Object.keys(operationContracts[operation]?.responses ?? {})
    .map(Number)
    .filter((status) => status >= 200 && status < 300);
  return statuses.includes(201) ? 201 : Math.min(...statuses);
};

/** Which callers own which targets of a route (everything else a permitted caller addresses is foreign). */
const expectedStatus = (operation: string, caller: Caller, target: Target): number => {
  if (!mayPerformIn(permissionTable, [caller.role], operation)) return 403;
  if (operation === 'getProviderTicket') {
    return caller.situation === 'engaged provider' && target === 'own' ? 200 : 404;
  }
  // Provider actions (#4): only an engaged provider, on a ticket in its scope; the fixture's stale If-Match answers 412.
  if (
    operation === 'transitionProviderTicket' ||
    operation === 'commentOnProviderTicket' ||
    operation === 'logProviderTicketTime'
  ) {
    if (caller.situation !== 'engaged provider' || target !== 'own') return 404;
    return operation === 'transitionProviderTicket' ? 412 : 201;
  }
  // Someone else's ticket at another site: requesters and delegated admins do not see it.
  if (tenantTicketOperations.has(operation) && target === 'out-of-scope') {
    return tenantWideTicketRoles.includes(caller.role) ? successOf(operation) : 404;
  }
  // A provider addressing a tenant's key is addressing a foreign object.
  if (operation === 'revokeApiKey' && caller.kind === 'provider') return 404;
  return target === 'foreign' ? 404 : successOf(operation);
};

const callers = (): Caller[] => [
  ...tenantRoles.map((role): Caller => ({ kind: 'tenant', role, situation: 'own tenant' })),
  ...providerRoles.flatMap((role) =>
    (['engaged provider', 'unengaged provider', 'ended engagement'] as const).map(
      (situation): Caller => ({ kind: 'provider', role, situation }),
    ),
  ),
  ...platformRoles.map((role): Caller => ({ kind: 'platform', role, situation: 'platform' })),
];

const tokenOfCaller = (world: World, caller: Caller): string => {
  const tokens =
    caller.kind === 'tenant'
      ? world.own.tokens
      : caller.kind === 'platform'
        ? localStack().platform.tokens
        : caller.situation === 'engaged provider'
          ? world.engaged.tokens
          : caller.situation === 'unengaged provider'
            ? world.unengaged.tokens
            : world.ended.tokens;
  const token = tokens[caller.role];
  if (token === undefined) throw new Error(`no token for ${caller.role}`);
  return token;
};

const tenantSchema = z.object({ id: z.string(), tokens: z.record(z.string(), z.string()) });

const newTenant = async (prefix: string) => {
  const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  // Premium: the matrix is many requests in a row, and tier limits are another test's subject.
  return tenantSchema.parse(
    (await api('POST', '/_local/tenants', { body: { id, name: prefix, tier: 'premium' } })).body,
  );
};

const must = async (method: string, path: string, token: string, body?: unknown): Promise<unknown> => {
  const response = await api(method, path, { token, ...(body === undefined ? {} : { body }) });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  return response.body;
};
const idIn = (field: string) => (body: unknown) => z.object({ [field]: z.string() }).parse(body)[field] ?? '';

const buildWorld = async (): Promise<World> => {
  const [own, foreign, victim] = [
    await newTenant('mx-own'),
    await newTenant('mx-foreign'),
    await newTenant('mx-victim'),
  ];
  const [engaged, unengaged, ended, sink] = [
    await createTestProvider('mx-engaged'),
    await createTestProvider('mx-unengaged'),
    await createTestProvider('mx-ended'),
    await createTestProvider('mx-sink'),
  ];
  const admin = (tenant: typeof own) => tenant.tokens.tenant_admin ?? '';
  const engage = async (tenant: typeof own, providerId: string, services: string[]) =>
    idIn('engagementId')(
      await must('POST', '/v1/tenant/engagements', admin(tenant), {
        providerId,
        scope: { services, categories: [] },
        slaPolicyRef: 'sla',
        calendarRef: 'cal',
        priceBookRef: 'pb',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
  const ticket = async (
    tenant: typeof own,
    service: string,
    requesterToken = tenant.tokens.requester ?? '',
  ) => idIn('id')(await must('POST', '/v1/tickets', requesterToken, { subject: 'matrix', service }));
  // Delegated administration: a requester at a site no delegated admin of the matrix administers.
  const branchRequester = z.object({ token: z.string() }).parse(
    (
      await api('POST', '/_local/tokens', {
        body: {
          issuer: own.id,
          subject: 'mx-branch-requester',
          claims: { roles: ['requester'], site: 'mx-branch' },
        },
      })
    ).body,
  ).token;
  const key = async (tenant: typeof own) =>
    idIn('keyId')(
      await must('POST', '/v1/api-keys', admin(tenant), {
        name: 'mx',
        role: 'requester',
        operations: ['createTicket'],
        expiresAt: inAnHour(),
      }),
    );

  const engagementId = await engage(own, engaged.id, ['email']);
  const endedId = await engage(own, ended.id, []);
  await must('PUT', `/v1/tenant/engagements/${endedId}/status`, admin(own), { status: 'ended' });
  const foreignEngagementId = await engage(foreign, sink.id, []);
  const identityProvider = z
    .record(z.string(), z.string())
    .parse(await must('GET', '/v1/tenant/identity-provider', admin(own)));
  return {
    own,
    foreign,
    engaged,
    unengaged,
    ended,
    sink,
    victimTenantId: victim.id,
    ownObjects: {
      ticketInScope: await ticket(own, 'email'),
      ticketOutOfScope: await ticket(own, 'erp', branchRequester),
      engagementId,
      keyId: await key(own),
    },
    foreignObjects: {
      ticketId: await ticket(foreign, 'email'),
      engagementId: foreignEngagementId,
      keyId: await key(foreign),
    },
    identityProvider,
  };
};

describe('authorisation matrix (generated from the route table)', () => {
  let world: World;

  beforeAll(async () => {
    world = await buildWorld();
  }, 60_000);

  it('answers every route × role × situation as the tables say, with zero leaks', async () => {
    const tokenRoutes = routes.filter((route) => route.auth === 'token');
    const failures: string[] = [];
    let cases = 0;
    let unfixtured = 0;
    const foreignIds = () => Object.values(world.foreignObjects);

    for (const route of tokenRoutes) {
      const fixture = fixtures[route.operation];
      if (fixture === undefined) unfixtured += 1;
      const targets: readonly Target[] = fixture?.targets ?? ['foreign'];
      for (const caller of callers()) {
        for (const target of targets) {
          cases += 1;
          const path =
            fixture?.path?.(world, target) ??
            route.path.replace(/\{\w+\}/g, () => `mx${Math.random().toString(36).slice(2, 10)}`);
          const body = fixture?.body?.(world, caller);
          const response = await api(route.method, path, {
            token: tokenOfCaller(world, caller),
            ...(body === undefined ? {} : { body }),
            ...(fixture?.headers === undefined ? {} : { headers: fixture.headers }),
          });
          const label = `${route.method} ${route.path} as ${caller.role} (${caller.situation}) on ${target}`;
          if (fixture === undefined) {
            // Without a fixture: role refusals are still exact, and nothing may fail or leak.
            const permitted = mayPerformIn(permissionTable, [caller.role], route.operation);
            if (!permitted && response.status !== 403)
              failures.push(`${label}: ${response.status}, expected 403`);
            if (permitted && (response.status >= 500 || response.status === 403)) {
              failures.push(`${label}: ${response.status}`);
            }
          } else {
            const expected = expectedStatus(route.operation, caller, target);
            if (response.status !== expected) {
              failures.push(
                `${label}: ${response.status}, expected ${expected} — ${response.text.slice(0, 160)}`,
              );
            }
          }
          if (target !== 'foreign' && foreignIds().some((id) => response.text.includes(id))) {
            failures.push(`${label}: LEAK of a foreign object in ${response.text.slice(0, 160)}`);
          }
          // Problems echo the requested path (known to the caller); only answers with data can leak.
          if (
            caller.situation === 'engaged provider' &&
            response.status < 300 &&
            response.text.includes(world.ownObjects.ticketOutOfScope)
          ) {
            failures.push(`${label}: LEAK of a ticket outside the engagement's scope`);
          }
          if (
            (caller.role === 'delegated_admin' || caller.role === 'requester') &&
            response.status < 300 &&
            response.text.includes(world.ownObjects.ticketOutOfScope)
          ) {
            failures.push(`${label}: LEAK of a ticket outside the caller's delegation or ownership`);
          }
          if (caller.situation !== 'engaged provider' && caller.kind === 'provider') {
            const ownTickets = [world.ownObjects.ticketInScope, world.ownObjects.ticketOutOfScope];
            if (response.status === 200 && ownTickets.some((id) => response.text.includes(id))) {
              failures.push(`${label}: LEAK of a tenant ticket to a provider without an engagement in force`);
            }
          }
        }
      }
    }
    console.info(
      `authorisation matrix: ${cases} cases over ${tokenRoutes.length} routes × ${allRoles.length} roles` +
        ` (${unfixtured} routes without fixtures), ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
