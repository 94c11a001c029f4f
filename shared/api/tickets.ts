/** HTTP contracts of the tickets operations. */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import {
  channels,
  levels,
  linkKinds,
  priorities,
  type Ticket,
  ticketStatuses,
  ticketTypes,
} from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { pageOf, paginationQuerySchema } from './pagination.ts';
import { problemSchema, standardProblems } from './problem.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');

export const createTicketBodySchema = z
  .object({
    subject: z.string().trim().min(1).max(200),
    description: z.string().max(20_000).default(''),
    type: z.enum(ticketTypes).optional().describe('Left out: triage classifies it'),
    channel: z.enum(channels).default('api'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or fr-BE')
      .default('en'),
    category: z.string().trim().min(1).max(100).optional(),
    service: z.string().trim().min(1).max(100).optional(),
    impact: z.enum(levels).default('medium'),
    urgency: z.enum(levels).default('medium'),
    catalogueItemId: idSchema
      .optional()
      .describe('Orders an active item of GET /v1/catalogue; the ticket is then a service_request'),
  })
  .strict()
  .meta({ id: 'CreateTicketRequest' });

export const ticketSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    reference: z.string().describe('Human-friendly reference, e.g. T-000042'),
    type: z.enum(ticketTypes),
    channel: z.enum(channels),
    language: z.string(),
    subject: z.string(),
    description: z.string(),
    category: z.string().nullable(),
    service: z.string().nullable(),
    impact: z.enum(levels),
    urgency: z.enum(levels),
    priority: z.enum(priorities),
    status: z.enum(ticketStatuses),
    requesterId: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    reopenCount: z.number().int(),
    links: z
      .array(z.object({ kind: z.enum(linkKinds), ticketId: z.string() }))
      .describe('possible_duplicate_of is flagged at intake; parent, child and related are set by agents'),
    classifiedBy: z.string().nullable().describe('The triage rule that set type/category/service, if any'),
    providerId: z.string().nullable().describe('Provider the ticket was routed to'),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    reassignmentCount: z.number().int(),
    site: z.string().nullable().describe("The requester's site at intake (delegated admins' scope)"),
    department: z.string().nullable().describe("The requester's department at intake"),
    version: z.number().int(),
    catalogueItemId: z.string().optional().describe('The catalogue item a service request orders'),
  })
  .meta({ id: 'Ticket' });

export type TicketResource = z.infer<typeof ticketSchema>;

const ticketPathSchema = z.object({ ticketId: idSchema }).strict();

const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8-128 characters of letters, digits, _ . : -')
    .optional(),
});

export const createTicketOperation = defineContract({
  summary: 'Raise a ticket',
  description:
    'The single point of contact: any request of any kind. Send an Idempotency-Key to make retries safe: the same key with the same body answers the ticket created first.',
  tags: ['Tickets'],
  headers: idempotencyHeadersSchema,
  body: createTicketBodySchema,
  responses: {
    201: {
      description: 'Created',
      schema: ticketSchema,
      headers: { ETag: 'version', Location: 'ticket URL' },
    },
    200: { description: 'Replay of an earlier request with the same Idempotency-Key', schema: ticketSchema },
    ...standardProblems,
    422: { description: 'Idempotency-Key reused with a different body', schema: problemSchema },
  },
});

export const getTicketOperation = defineContract({
  summary: 'Read a ticket',
  description: 'Requesters read their own tickets; agents and admins read any ticket of their tenant.',
  tags: ['Tickets'],
  path: ticketPathSchema,
  responses: {
    200: { description: 'The ticket', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    404: { description: 'No such ticket visible to the caller', schema: problemSchema },
  },
});

export const listTicketsOperation = defineContract({
  summary: 'List tickets',
  description: "Newest first. Requesters get their own tickets; agents and admins get the tenant's queue.",
  tags: ['Tickets'],
  query: paginationQuerySchema,
  responses: {
    200: { description: 'A page of tickets', schema: pageOf(ticketSchema, 'TicketPage') },
    ...standardProblems,
  },
});

/** The API view of a ticket. */
export const toTicketResource = (ticket: Ticket): TicketResource => ({
  id: ticket.ticketId,
  number: ticket.number,
  reference: `T-${ticket.number.toString().padStart(6, '0')}`,
  type: ticket.type,
  channel: ticket.channel,
  language: ticket.language,
  subject: ticket.subject,
  description: ticket.description,
  category: ticket.category,
  service: ticket.service,
  impact: ticket.impact,
  urgency: ticket.urgency,
  priority: ticket.priority,
  status: ticket.status,
  requesterId: ticket.requesterId,
  createdBy: ticket.createdBy,
  createdAt: ticket.createdAt,
  updatedAt: ticket.updatedAt,
  resolvedAt: ticket.resolvedAt,
  closedAt: ticket.closedAt,
  reopenCount: ticket.reopenCount,
  links: ticket.links.map((link) => ({ ...link })),
  classifiedBy: ticket.classifiedBy,
  providerId: ticket.providerId,
  teamId: ticket.teamId,
  assigneeId: ticket.assigneeId,
  reassignmentCount: ticket.reassignmentCount,
  site: ticket.site,
  department: ticket.department,
  version: ticket.version,
  ...(ticket.catalogueItemId === undefined ? {} : { catalogueItemId: ticket.catalogueItemId }),
});

/** Strong validator of a ticket's version, for ETag / If-Match. */
export const ticketEtag = (ticket: Pick<Ticket, 'version'>): string => `"${ticket.version}"`;
