/**
 * SLA milestone events: `SlaWarning` (a warning threshold of a clock was reached), `SlaBreached`
 * (its target was), each emitted exactly once per milestone by the sweeper, and `SlaEscalated`
 * (the escalation handler moved the ticket to the next tier).
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const slaMilestoneSchema = z.object({
  ticketId: z.string(),
  milestoneKey: z.string(),
  clock: z.enum(['first_response', 'resolution', 'ola']),
  teamId: z.string().nullable(),
  hop: z.number().int().nullable(),
  kind: z.enum(['warning', 'breach']),
  threshold: z.number(),
  dueAt: z.iso.datetime(),
  firedAt: z.iso.datetime(),
  priority: z.string(),
  policyId: z.string(),
  policyVersion: z.number().int(),
  breachActions: z.array(z.string()),
});

export const slaMilestoneDetailSchema = eventEnvelopeSchema.extend({ milestone: slaMilestoneSchema });
export type SlaMilestoneDetail = z.infer<typeof slaMilestoneDetailSchema>;

export const SlaWarning = defineEvent(
  'SlaWarning',
  slaMilestoneDetailSchema,
  'A running SLA or OLA clock reached a warning threshold (default 75 % and 90 % of its target).',
);

export const SlaBreached = defineEvent(
  'SlaBreached',
  slaMilestoneDetailSchema,
  'A running SLA or OLA clock reached its target: the milestone is breached.',
);

export const slaEscalatedDetailSchema = eventEnvelopeSchema.extend({
  escalation: z.object({
    ticketId: z.string(),
    milestoneKey: z.string(),
    tier: z.number().int().positive(),
    actions: z.array(z.string()),
    escalatedAt: z.iso.datetime(),
  }),
});

export const SlaEscalated = defineEvent(
  'SlaEscalated',
  slaEscalatedDetailSchema,
  'A breach escalated the ticket to the next tier (recorded once per breached milestone).',
);
