/**
 * HTTP contracts of tenancy: tenants (platform), the tenant's identity provider, engagements,
 * the provider's desk (teams, agents), provider reads of tickets, and the audit log.
 */
import { z } from 'zod';
import { auditActions } from '../domain/tenancy/audit.ts';
import { engagementStatuses } from '../domain/tenancy/engagement.ts';
import {
  assignmentStrategies,
  DEFAULT_ASSIGNMENT_STRATEGY,
  teamTiers,
  tiers,
  weekdays,
} from '../domain/tenancy/organisations.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { defineContract } from './operation-contract.ts';
import { pageOf, paginationQuerySchema } from './pagination.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { ticketSchema } from './tickets.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');
const labelSchema = z.string().trim().min(1).max(200);
const refSchema = z.string().trim().min(1).max(200);
const notFound = { 404: { description: 'Not found (or not visible to the caller)', schema: problemSchema } };
const conflict = { 409: { description: 'Conflicts with the current state', schema: problemSchema } };

const claimPathSchema = z.string().regex(/^[A-Za-z0-9_:/.-]{1,128}$/, 'must be a claim name or dotted path');

export const identityProviderSchema = z
  .object({
    issuer: z.url({ protocol: /^https?$/ }).max(512),
    jwksUri: z.url({ protocol: /^https?$/ }).max(512),
    audience: z.string().min(1).max(256),
    rolesClaim: claimPathSchema,
    userIdClaim: claimPathSchema,
    orgUnitClaims: z
      .object({
        site: claimPathSchema.optional(),
        department: claimPathSchema.optional(),
        delegatedSites: claimPathSchema.optional(),
        delegatedDepartments: claimPathSchema.optional(),
      })
      .strict()
      .optional()
      .describe(
        "Claims holding the user's site and department and a delegated admin's sites and departments" +
          ' (defaults: site, department, delegated_sites, delegated_departments)',
      ),
  })
  .strict()
  .meta({ id: 'IdentityProvider' });

// --- tenants (platform) ---

export const tenantSchema = z
  .object({
    tenantId: idSchema,
    name: labelSchema,
    tier: z.enum(tiers),
    status: z.enum(['active', 'suspended']),
    homeRegion: z.string(),
    firstAdminUserId: z.string().optional(),
  })
  .meta({ id: 'Tenant' });

export const onboardTenantOperation = defineContract({
  summary: 'Onboard a tenant',
  description: 'Platform admins create a client organisation with its tier, home region and first admin.',
  tags: ['Platform'],
  body: z
    .object({
      tenantId: idSchema,
      name: labelSchema,
      tier: z.enum(tiers),
      homeRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name'),
      firstAdminUserId: z.string().min(1).max(128),
      identityProvider: z
        .optional(identityProviderSchema)
        .describe("The tenant's IdP, so its first admin can sign in; the admin may replace it later"),
    })
    .strict(),
  responses: { 201: { description: 'The tenant', schema: tenantSchema }, ...standardProblems, ...conflict },
});

const tenantPathSchema = z.object({ tenantId: idSchema }).strict();

export const getTenantOperation = defineContract({
  summary: 'Read a tenant',
  description: 'Platform admins read a tenant and its standing.',
  tags: ['Platform'],
  path: tenantPathSchema,
  responses: { 200: { description: 'The tenant', schema: tenantSchema }, ...standardProblems, ...notFound },
});

export const suspendTenantOperation = defineContract({
  summary: 'Suspend a tenant',
  description:
    'From then on (within the authoriser cache TTL) the tenant gets 403 on everything but reads by its admins.',
  tags: ['Platform'],
  path: tenantPathSchema,
  responses: { 200: { description: 'The tenant', schema: tenantSchema }, ...standardProblems, ...notFound },
});

export const reactivateTenantOperation = defineContract({
  summary: 'Reactivate a tenant',
  description: 'Lifts a suspension.',
  tags: ['Platform'],
  path: tenantPathSchema,
  responses: { 200: { description: 'The tenant', schema: tenantSchema }, ...standardProblems, ...notFound },
});

// --- the tenant's identity provider ---

export const registerIdentityProviderOperation = defineContract({
  summary: "Register the tenant's identity provider",
  description:
    "Tokens of this issuer (for this audience) act in the caller's tenant; the previous issuer stops working. " +
    'An issuer already registered by another organisation is refused (409).',
  tags: ['Tenant administration'],
  body: identityProviderSchema,
  responses: {
    200: { description: 'The registration', schema: identityProviderSchema },
    ...standardProblems,
    ...conflict,
  },
});

export const getIdentityProviderOperation = defineContract({
  summary: "Read the tenant's identity provider",
  description: 'The issuer, audience and claim mapping in force.',
  tags: ['Tenant administration'],
  responses: {
    200: { description: 'The registration', schema: identityProviderSchema },
    ...standardProblems,
    ...notFound,
  },
});

// --- engagements ---

export const engagementSchema = z
  .object({
    engagementId: z.string(),
    tenantId: z.string(),
    providerId: z.string(),
    scope: z.object({ services: z.array(z.string()), categories: z.array(z.string()) }),
    slaPolicyRef: z.string(),
    calendarRef: z.string(),
    priceBookRef: z.string(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime().nullable(),
    status: z.enum(engagementStatuses),
    updatedAt: z.iso.datetime(),
    precedence: z.number().int().optional().describe('Billing: lowest wins when engagements overlap'),
  })
  .meta({ id: 'Engagement' });

export const engageProviderOperation = defineContract({
  summary: 'Engage a provider',
  description: 'Lets the provider work on tickets of the given services and categories (empty lists: all).',
  tags: ['Tenant administration'],
  body: z
    .object({
      providerId: idSchema,
      scope: z
        .object({
          services: z.array(labelSchema).max(100).default([]),
          categories: z.array(labelSchema).max(100).default([]),
        })
        .strict()
        .default({ services: [], categories: [] }),
      slaPolicyRef: refSchema,
      calendarRef: refSchema,
      priceBookRef: refSchema,
      startsAt: z.iso.datetime(),
      endsAt: z.iso.datetime().nullable().default(null),
      precedence: z
        .number()
        .int()
        .min(1)
        .max(1000)
        .optional()
        .describe('Billing: when several engagements could bill the same usage, the lowest wins (default 1)'),
    })
    .strict(),
  responses: { 201: { description: 'The engagement', schema: engagementSchema }, ...standardProblems },
});

export const listTenantEngagementsOperation = defineContract({
  summary: "The tenant's engagements",
  description: 'Every engagement of the tenant, whatever its status.',
  tags: ['Tenant administration'],
  responses: {
    200: { description: 'Engagements', schema: z.object({ items: z.array(engagementSchema) }) },
    ...standardProblems,
  },
});

export const changeEngagementStatusOperation = defineContract({
  summary: 'Suspend, resume or end an engagement',
  description:
    "Suspending or ending cuts the provider's access at once (cached authorisations live at most the authoriser " +
    'cache TTL, 30 s). Ended is final.',
  tags: ['Tenant administration'],
  path: z.object({ engagementId: idSchema }).strict(),
  body: z.object({ status: z.enum(engagementStatuses) }).strict(),
  responses: {
    200: { description: 'The engagement', schema: engagementSchema },
    ...standardProblems,
    ...notFound,
    ...conflict,
  },
});

export const listProviderEngagementsOperation = defineContract({
  summary: "The provider's engagements",
  description: 'Which tenants engage the caller’s provider, and for what.',
  tags: ['Provider'],
  responses: {
    200: { description: 'Engagements', schema: z.object({ items: z.array(engagementSchema) }) },
    ...standardProblems,
  },
});

// --- the provider's desk ---

const strategySchema = z
  .enum(assignmentStrategies)
  .describe(
    'How the router picks an agent of the team: `round_robin` (in turn), `least_loaded` (fewest open tickets) or `skills` (the skill and the language, then the lightest load)',
  );
const nextTierSchema = z
  .string()
  .nullable()
  .describe("The team escalations go to; null: the provider's first team (by id) of the next tier, if any");

export const teamSchema = z
  .object({
    teamId: z.string(),
    providerId: z.string(),
    name: z.string(),
    tier: z.enum(teamTiers),
    strategy: strategySchema,
    nextTierTeamId: nextTierSchema,
    leadAgentId: z
      .string()
      .nullable()
      .optional()
      .describe('The agent an SLA breach notifies; null: every agent of the team'),
  })
  .meta({ id: 'Team' });

const shiftTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
// A shift may end at midnight; a `to` not after `from` runs into the next day.
const shiftEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM or 24:00');

export const agentSchema = z
  .object({
    agentId: z.string(),
    providerId: z.string(),
    displayName: z.string(),
    teamIds: z.array(z.string()),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    schedule: z.object({
      timeZone: z.string(),
      shifts: z.array(z.object({ day: z.enum(weekdays), from: shiftTime, to: shiftEnd })),
    }),
    available: z.boolean().describe('False: routing skips the agent (away, on leave)'),
    userId: z
      .string()
      .nullable()
      .describe("The person's user id at the provider's IdP; they may set their own availability"),
  })
  .meta({ id: 'Agent' });

export const addTeamOperation = defineContract({
  summary: 'Add a team',
  description: 'Provider admins add an L1, L2 or L3 (vendor) team to their desk.',
  tags: ['Provider'],
  body: z
    .object({
      name: labelSchema,
      tier: z.enum(teamTiers),
      strategy: strategySchema.default(DEFAULT_ASSIGNMENT_STRATEGY),
      nextTierTeamId: idSchema
        .nullable()
        .default(null)
        .describe(nextTierSchema.description ?? ''),
      leadAgentId: idSchema
        .nullable()
        .default(null)
        .describe(
          "One of the provider's agents: the one an SLA breach notifies; null: every agent of the team",
        ),
    })
    .strict(),
  responses: { 201: { description: 'The team', schema: teamSchema }, ...standardProblems },
});

export const addAgentOperation = defineContract({
  summary: 'Add an agent',
  description:
    'Provider admins add an agent with skills, languages and a working schedule (several shifts a day; a shift whose `to` is not after its `from` ends the next day). `available` defaults to true, `userId` to null.',
  tags: ['Provider'],
  body: z
    .object({
      displayName: labelSchema,
      teamIds: z.array(idSchema).max(20).default([]),
      skills: z.array(labelSchema).max(50).default([]),
      languages: z
        .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag'))
        .max(20)
        .default([]),
      schedule: z
        .object({
          timeZone: z.string().min(1).max(64),
          shifts: z
            .array(z.object({ day: z.enum(weekdays), from: shiftTime, to: shiftEnd }).strict())
            .max(21),
        })
        .strict(),
      available: z.boolean().default(true),
      userId: idSchema.nullable().default(null),
    })
    .strict(),
  responses: { 201: { description: 'The agent', schema: agentSchema }, ...standardProblems },
});

export const getProviderDeskOperation = defineContract({
  summary: "The provider's desk",
  description: "The caller's provider with its teams and agents.",
  tags: ['Provider'],
  responses: {
    200: {
      description: 'The desk',
      schema: z.object({
        provider: z.object({
          providerId: z.string(),
          name: z.string(),
          kind: z.enum(['outsourced', 'in_house']),
          ownerTenantId: z.string().nullable(),
        }),
        teams: z.array(teamSchema),
        agents: z.array(agentSchema),
      }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const getProviderTicketOperation = defineContract({
  summary: "Read an engaged tenant's ticket",
  description:
    'Provider users read a ticket of a tenant that engages their provider, when the engagement is in force and ' +
    'covers the ticket. Anything else answers 404. Every read is recorded in the tenant’s audit log.',
  tags: ['Provider'],
  path: z.object({ tenantId: idSchema, ticketId: idSchema }).strict(),
  responses: { 200: { description: 'The ticket', schema: ticketSchema }, ...standardProblems, ...notFound },
});

// --- audit log ---

export const auditEntrySchema = z
  .object({
    entryId: z.string(),
    occurredAt: z.iso.datetime(),
    action: z.enum(auditActions),
    actor: z.object({
      kind: z.enum(['tenant', 'provider', 'platform']),
      userId: z.string(),
      organisationId: z.string().nullable(),
      credential: z.enum(['token', 'api_key']),
    }),
    target: z.string(),
    details: z.record(z.string(), z.string()),
  })
  .meta({ id: 'AuditEntry' });

export const listAuditEntriesOperation = defineContract({
  summary: "The tenant's audit log",
  description: 'Newest first; filter by actor (user id), action and period (from inclusive, to inclusive).',
  tags: ['Tenant administration'],
  query: paginationQuerySchema
    .extend({
      actor: z.string().min(1).max(128).optional(),
      action: z.enum(auditActions).optional(),
      from: z.iso.datetime().optional(),
      to: z.iso.datetime().optional(),
    })
    .strict(),
  responses: {
    200: { description: 'A page of audit entries', schema: pageOf(auditEntrySchema, 'AuditEntryPage') },
    ...standardProblems,
  },
});

// --- API keys ---

export const apiKeySchema = z
  .object({
    keyId: z.string(),
    name: z.string(),
    role: z.string(),
    operations: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeyOperation = defineContract({
  summary: 'Create an API key',
  description:
    'Tenant or provider admins create a key for an integration, limited to one non-admin role and a list of ' +
    'operations. The secret (`gk_…`, sent as `Authorization: Bearer gk_…`) is in this response only.',
  tags: ['API keys'],
  body: z
    .object({
      name: labelSchema,
      role: z.enum(['requester', 'agent', 'finance', 'provider_agent', 'provider_finance']),
      operations: z
        .array(z.string().regex(/^[A-Za-z]{1,64}$/))
        .min(1)
        .max(50),
      expiresAt: z.iso.datetime(),
    })
    .strict(),
  responses: {
    201: { description: 'The key, with its secret', schema: apiKeySchema.extend({ secret: z.string() }) },
    ...standardProblems,
  },
});

export const listApiKeysOperation = defineContract({
  summary: "The organisation's API keys",
  description: 'Without secrets; with expiry, revocation and last use.',
  tags: ['API keys'],
  responses: {
    200: { description: 'Keys', schema: z.object({ items: z.array(apiKeySchema) }) },
    ...standardProblems,
  },
});

export const revokeApiKeyOperation = defineContract({
  summary: 'Revoke an API key',
  description: 'Refused from then on (cached authorisations live at most the authoriser cache TTL, 30 s).',
  tags: ['API keys'],
  path: z.object({ keyId: idSchema }).strict(),
  responses: { 200: { description: 'The key', schema: apiKeySchema }, ...standardProblems, ...notFound },
});

export const listProviderTicketsOperation = defineContract({
  summary: "Engaged tenants' tickets, in one list",
  description:
    'The tickets of every tenant whose engagement with the caller’s provider is in force, within each ' +
    "engagement's scope, merged newest first and paged with a signed cursor. A page may hold fewer than " +
    '`limit` tickets and still have a next cursor (out-of-scope runs are skipped a few pages at a time). ' +
    'A tenant whose engagement ends drops out of the next page at once; one engaged since appears in a fresh ' +
    'listing. Open a ticket with `GET /v1/provider/tenants/{tenantId}/tickets/{ticketId}`. Each tenant’s audit ' +
    'log records what was shown.',
  tags: ['Provider'],
  query: paginationQuerySchema,
  responses: {
    200: {
      description: 'Tickets of engaged tenants',
      schema: pageOf(ticketSchema.extend({ tenantId: z.string() }), 'ProviderTicketPage'),
    },
    ...standardProblems,
  },
});

// --- routing's directory (#4): agents' availability ---

export const setAgentAvailabilityOperation = defineContract({
  summary: "Set an agent's availability",
  description:
    'An unavailable agent is skipped by routing (the explanation says `unavailable`) until set available again. Provider admins set any agent of their desk; a provider agent sets only the agent whose `userId` is theirs. Audited in the log of every tenant that engages the provider.',
  tags: ['Provider'],
  path: z.object({ agentId: idSchema }).strict(),
  body: z
    .object({
      available: z.boolean(),
      reason: z.string().trim().max(200).optional().describe('Kept in the audit log'),
    })
    .strict(),
  responses: {
    200: { description: 'The agent', schema: agentSchema },
    ...standardProblems,
    ...notFound,
  },
});

// Platform (#3): provider organisations are created by platform admins, with their own IdP.
export const providerOrganisationSchema = z
  .object({
    providerId: z.string(),
    name: z.string(),
    kind: z.enum(['outsourced', 'in_house']),
    ownerTenantId: z.string().nullable(),
  })
  .meta({ id: 'ProviderOrganisation' });

export const onboardProviderOperation = defineContract({
  summary: 'Onboard a provider organisation',
  description:
    "Platform admins create an outsourced service desk or a tenant's in-house department, with the identity provider its people sign in with. Teams and agents follow through the provider desk API; tenants engage it through theirs.",
  tags: ['Platform'],
  body: z
    .object({
      providerId: idSchema,
      name: labelSchema,
      kind: z.enum(['outsourced', 'in_house']),
      ownerTenantId: idSchema
        .nullable()
        .default(null)
        .describe('The owning tenant of an in-house department'),
      identityProvider: identityProviderSchema.omit({ orgUnitClaims: true }),
    })
    .strict(),
  responses: {
    201: { description: 'The provider organisation', schema: providerOrganisationSchema },
    ...standardProblems,
    ...conflict,
  },
});
