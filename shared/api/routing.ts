/** HTTP contracts of routing: the tenant's rules, the dry run, and a ticket's explained decision. */
import { z } from 'zod';
import { routingRecordSchema } from '../adapters/dynamodb/routing-records.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { priorities, ticketTypes } from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { ticketSchema } from './tickets.ts';

const list = z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional();

export const routingRuleSchema = z
  .object({
    ruleId: z.string().regex(ID_PATTERN),
    description: z.string().max(500).optional(),
    when: z
      .object({
        services: list,
        categories: list,
        types: z.array(z.enum(ticketTypes)).min(1).optional(),
        languages: list,
        priorities: z.array(z.enum(priorities)).min(1).optional(),
        sites: list,
        businessHours: z
          .enum(['inside', 'outside'])
          .optional()
          .describe('Inside or outside the open hours of `calendarId` when the ticket is routed'),
        calendarId: z
          .string()
          .regex(ID_PATTERN)
          .optional()
          .describe(
            'A business calendar of the tenant (`PUT /v1/sla/calendars/{calendarId}`) defining business hours; absent: `24x7` (always inside)',
          ),
      })
      .strict()
      .describe('Every condition given must hold; an empty object matches every ticket'),
    target: z
      .object({ providerId: z.string().regex(ID_PATTERN), teamId: z.string().regex(ID_PATTERN) })
      .strict(),
  })
  .strict()
  .meta({ id: 'RoutingRule' });

export const routingRulesSchema = z
  .object({ rules: z.array(routingRuleSchema).max(200) })
  .strict()
  .refine((body) => new Set(body.rules.map((rule) => rule.ruleId)).size === body.rules.length, {
    message: 'ruleId must be unique',
  })
  .meta({ id: 'RoutingRules' });

export const routingExplanationSchema = routingRecordSchema.meta({ id: 'RoutingExplanation' });

export const getRoutingRulesOperation = defineContract({
  summary: "Read the tenant's routing rules",
  description: 'Ordered: the first rule whose conditions all hold sends the ticket to its target team.',
  tags: ['Routing'],
  responses: { 200: { description: 'The rules', schema: routingRulesSchema }, ...standardProblems },
});

export const putRoutingRulesOperation = defineContract({
  summary: "Replace the tenant's routing rules",
  description:
    'The whole ordered list. An empty list falls back to the rules derived from the engagements in force: one per engagement, its scope as conditions, the provider’s first L1 team as target, the most specific scope first. A `calendarId` must name a calendar of the tenant.',
  tags: ['Routing'],
  body: routingRulesSchema,
  responses: {
    200: { description: 'The rules now in force', schema: routingRulesSchema },
    ...standardProblems,
  },
});

export const dryRunBodySchema = z
  .object({
    service: z.string().nullable().default(null),
    category: z.string().nullable().default(null),
    type: z.enum(ticketTypes).default('incident'),
    language: z.string().default('en'),
    priority: z.enum(priorities).default('medium'),
    site: z.string().nullable().default(null),
    insideBusinessHours: z
      .boolean()
      .optional()
      .describe("Assume every rule's calendar open (or closed); absent: the calendars at this instant"),
  })
  .strict()
  .meta({ id: 'RoutingDryRunRequest' });

export const dryRunRoutingOperation = defineContract({
  summary: 'Where would a ticket go?',
  description:
    'Evaluates the rules for a sample ticket and shows the team and the agent that would be picked; changes nothing.',
  tags: ['Routing'],
  body: dryRunBodySchema,
  responses: {
    200: { description: 'The explained decision', schema: routingExplanationSchema },
    ...standardProblems,
  },
});

export const getTicketRoutingOperation = defineContract({
  summary: 'Why a ticket went where it went',
  description:
    'The matched rule and every rule skipped with the failing conditions, the engagement check, and each candidate agent with why they were or were not picked.',
  tags: ['Routing'],
  path: z.object({ ticketId: z.string().regex(ID_PATTERN) }).strict(),
  responses: {
    200: { description: 'The explained decision', schema: routingExplanationSchema },
    ...standardProblems,
    404: { description: 'No such ticket, or not routed yet', schema: problemSchema },
  },
});

export const reassignBodySchema = z
  .union([
    z.object({ assigneeId: z.string().regex(ID_PATTERN).describe('An agent of the ticket team') }).strict(),
    z
      .object({ escalate: z.literal(true).describe("Move to the next tier's team; its strategy picks") })
      .strict(),
  ])
  .meta({ id: 'ReassignRequest' });

export const reassignTicketOperation = defineContract({
  summary: 'Assign, reassign or escalate a ticket',
  description:
    'With `assigneeId`: hand the ticket to an agent of its team. With `escalate: true`: move it to the next tier (L1 → L2 → L3). Counts a reassignment when someone held it. Send the ETag as If-Match.',
  tags: ['Routing'],
  path: z.object({ ticketId: z.string().regex(ID_PATTERN) }).strict(),
  headers: z.object({
    'if-match': z
      .string()
      .regex(/^"\d{1,12}"$/, 'must be the ETag of the ticket as last read, e.g. "3"')
      .transform((value) => Number.parseInt(value.slice(1, -1), 10)),
  }),
  body: reassignBodySchema,
  responses: {
    200: { description: 'The ticket after the move', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    404: { description: 'No such ticket', schema: problemSchema },
    409: { description: 'Not routed yet, resolved, or no next tier', schema: problemSchema },
    412: { description: 'The ticket changed since the caller read it', schema: problemSchema },
  },
});
